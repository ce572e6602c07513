"""core.api.serializers.ModelSerializer: fields built once per class, yet every serializer instance owns its fields —
bound to it alone, with their own children (nested serializers, many=True relations)."""

from django.test import SimpleTestCase

from shequ.workorders.api.serializers import HandlingUnitSerializer, WorkOrderSerializer


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
        self.assertEqual(WorkOrderSerializer().fields["alert"].choices, built["alert"].choices)
