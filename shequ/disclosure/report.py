"""A disclosure as its readers see it — on the staff page, on the public portal and in the PDF: its sections, each
with the compiled figures (labelled) and the staff's text (INFO-1: work, open problems, public services, residents'
satisfaction, other matters)."""

from django.utils.translation import gettext as _

from shequ.admission.choices import ItemKind
from shequ.workorders.choices import PublicService

__all__ = ["sections"]


def _section(title, notes, facts=(), head=(), rows=(), empty=""):
    return {
        "title": title,
        "notes": notes,
        "facts": list(facts),
        "head": list(head),
        "rows": list(rows),
        "empty": empty,
    }


def sections(disclosure) -> list[dict]:
    figures = disclosure.figures or {}
    work, problems = figures.get("work", {}), figures.get("open", {})
    surveys = figures.get("surveys", [])
    survey_rows = []
    for survey in surveys:
        if not survey["shown"]:
            survey_rows.append(
                [survey["title"], survey["answers"], _("fewer than five answers: no result is shown"), ""]
            )
        for question in survey["questions"]:
            margin = f"±{question['margin']}" if question["margin"] else ""
            survey_rows.append(
                [survey["title"], survey["answers"], f"{question['text']}：{question['satisfied']}%", margin]
            )
    return [
        _section(
            _("Work done"),
            disclosure.work_notes,
            facts=[
                (_("Requests received"), work.get("orders_received", 0)),
                (_("Requests closed"), work.get("orders_closed", 0)),
                (_("One-stop cases completed"), work.get("onestop_completed", 0)),
                (_("Volunteer activities"), work.get("activities", 0)),
                (_("Residents' meetings"), work.get("meetings", 0)),
                (_("Verified volunteer hours"), work.get("volunteer_hours", "0")),
            ],
        ),
        _section(
            _("Open problems"),
            disclosure.problems_notes,
            facts=[(_("Open requests"), problems.get("orders", 0)), (_("of them overdue"), problems.get("overdue", 0))],
            head=[_("category"), _("open"), _("overdue")],
            rows=problems.get("by_category", []),
            empty=_("No open requests."),
        ),
        _section(
            _("Public services"),
            disclosure.services_notes,
            head=[_("service"), _("received"), _("closed"), _("still open")],
            rows=[[PublicService(row[0]).label, *row[1:]] for row in figures.get("services", [])],
        ),
        _section(
            _("Residents' satisfaction"),
            "",
            head=[_("survey"), _("answers"), _("satisfied"), _("margin of error")],
            rows=survey_rows,
            empty=_("No satisfaction survey closed this month."),
        ),
        *_funds_and_burden(figures),
        _section(_("Other matters"), disclosure.other_notes),
    ]


def _funds_and_burden(figures: dict) -> list[dict]:
    """The monthly statement (FIN-3) and the requests through the gate (ADM-1); absent from disclosures compiled
    before the platform reported them, which keep their sections as published."""
    made = []
    funds = figures.get("funds")
    if funds is not None:
        made.append(
            _section(
                _("Funds spent for the community"),
                "",
                facts=[(_("Spent in the month (yuan)"), funds["spent"]), (_("Ledger entries"), funds["entries"])],
                head=[_("breakdown"), _("fund or expenditure"), _("amount (yuan)")],
                rows=[
                    *([_("by fund"), *row] for row in funds["funds"]),
                    *([_("by line of expenditure"), *row] for row in funds["lines"]),
                ],
                empty=_("The street's earmarks paid nothing for the community this month."),
            )
        )
    load = figures.get("burden")
    if load is not None:
        kinds = dict(ItemKind.choices)
        made.append(
            _section(
                _("Work handed to the community"),
                "",
                facts=[
                    (_("Requests received through the admission list"), load["requests"]),
                    (_("Hours they took"), load["hours"]),
                    *((str(kinds.get(kind, kind)), n) for kind, n in load["by_kind"]),
                ],
                head=[_("department"), _("requests"), _("hours spent")],
                rows=load["by_department"],
                empty=_("No department sent the community a request this month."),
            )
        )
    return made
