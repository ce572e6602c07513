"""Answering a survey without an account (issue #14 item 2), at `/portal/answer/<code>/` — the link of a printed QR
slip. An unknown, used or closed code gets a clear page and records nothing; a stored answer keeps no token."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views import View

from shequ.surveys import services
from shequ.surveys.choices import QuestionKind

__all__ = ["URL_NAMES", "urlpatterns"]


def answer_form(survey, data=None) -> forms.Form:
    form = forms.Form(data)
    for question in survey.questions.order_by("number"):
        name, label = f"q{question.number}", f"{question.number}. {question.text}"
        if question.kind == QuestionKind.SINGLE:
            choices = [(c, c) for c in question.choice_list()]
            form.fields[name] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
        elif question.kind == QuestionKind.SCALE:
            choices = [(str(v), str(v)) for v in range(1, question.scale_max + 1)]
            form.fields[name] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
        else:
            form.fields[name] = forms.CharField(
                label=label, required=False, max_length=services.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
            )
    return form


class AnswerView(View):
    def get(self, request, code):
        token, refusal = services.token_state(code, timezone.localdate())
        if refusal:
            return self.refused(refusal, token)
        return render(request, "surveys/answer.html", {"survey": token.survey, "form": answer_form(token.survey)})

    def post(self, request, code):
        token, refusal = services.token_state(code, timezone.localdate())
        if refusal:
            return self.refused(refusal, token)
        form = answer_form(token.survey, request.POST)
        if form.is_valid():
            try:
                services.answer(code=code, data=form.cleaned_data)
            except services.Closed as closed:
                return self.refused(str(closed), token)
            except ValidationError as invalid:
                for name, errors in invalid.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                return render(request, "surveys/answer_done.html", {"survey": token.survey})
        return render(request, "surveys/answer.html", {"survey": token.survey, "form": form}, status=400)

    def refused(self, message, token):
        status = 404 if token is None else 410
        return render(self.request, "surveys/answer_refused.html", {"refused_message": message}, status=status)


app_name = "answer"
urlpatterns = [path("<str:code>/", AnswerView.as_view(), name="form")]
URL_NAMES = {"answer:form"}
