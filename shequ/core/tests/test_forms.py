"""core.forms.add_service_errors: a service's errors land on the form's fields, or on the form as a whole."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from shequ.core.forms import add_service_errors


class Form(forms.Form):
    description = forms.CharField(required=False)


class AddServiceErrorsTests(SimpleTestCase):
    def test_field_errors_on_fields_and_the_rest_on_the_form(self):
        form = Form({"description": ""})
        form.is_valid()
        add_service_errors(form, ValidationError({"description": "请描述诉求。", "phone": "手机号码格式不对。"}))
        self.assertEqual(form.errors, {"description": ["请描述诉求。"], "__all__": ["手机号码格式不对。"]})

    def test_an_error_without_a_field_goes_on_the_form(self):
        form = Form({"description": "x"})
        form.is_valid()
        add_service_errors(form, ValidationError(["名额已满。", "请改日再来。"]))
        self.assertEqual(form.non_field_errors(), ["名额已满。", "请改日再来。"])
