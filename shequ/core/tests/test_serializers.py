"""core.api.serializers (ModelSerializer, Serializer): fields built once per class, yet every serializer instance
owns its fields — bound to it alone, with their own validators and children (nested serializers, many=True
relations)."""

from django.test import SimpleTestCase

from shequ.workorders.api.serializers import HandlingUnitSerializer, IntakeSerializer, WorkOrderSerializer


class ModelSerializerFieldsTests(SimpleTestCase):
    def test_each_instance_owns_its_fields_and_their_children(self):
        first, second = WorkOrderSerializer(), WorkOrderSerializer()
        self.assertEqual(list(first.fields), list(second.fields))
        self.assertIsNot(first.fields["number"], second.fields["number"])
        self.assertIs(first.fields["number"].parent, first)
        self.assertIs(second.fields["number"].parent, second)
        self.assertIsNot(first.fields["events"].child, second.fields["events"].child)
        self.assertIs(first.fields["events"].child.parent, first.fields["events"])
        units = HandlingUnitSerializer(), HandlingUnitSerializer()
        staff = [serializer.fields["staff"] for serializer in units]
        self.assertIsNot(staff[0].child_relation, staff[1].child_relation)
        self.assertIs(staff[1].child_relation.parent, staff[1])

    def test_the_model_is_read_once_per_class(self):
        WorkOrderSerializer().fields  # noqa: B018  (builds the class's fields if no test did before)
        built = WorkOrderSerializer.__dict__["_built_fields"]
        WorkOrderSerializer().fields  # noqa: B018
        self.assertIs(WorkOrderSerializer.__dict__["_built_fields"], built)
        class_fields = {name: field for name, field, _deep in built}
        self.assertEqual(WorkOrderSerializer().fields["alert"].choices, class_fields["alert"].choices)

    def test_what_one_instance_changes_on_a_field_stays_with_it(self):
        first, second = IntakeSerializer(), IntakeSerializer()
        first.fields["description"].validators.append(lambda value: None)
        first.fields["category"].queryset = first.fields["category"].queryset.none()
        self.assertEqual(len(first.fields["description"].validators), len(second.fields["description"].validators) + 1)
        self.assertFalse(second.fields["category"].queryset.query.is_empty())
        self.assertEqual(IntakeSerializer().fields["description"].max_length, 5000)
