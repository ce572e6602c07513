"""Every work-order step from every state (issue #11, item 4; DESIGN.md §9): the outcome of each state × step pair
through `services.perform` — moved to the exact state, or refused with the exact reason —, the refusal of a user of
the wrong kind, the conditions beyond the state, the computed targets, and the page's buttons and the API's steps
for an order in each state.

The expectations come from the hand-written matrix below, not from `steps.STEPS`: a wrong edit of the table fails
here."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders import services
from shequ.workorders.models import OrderEvent, WorkOrder
from shequ.workorders.steps import STEPS
from shequ.workorders.testing import make_desk

HANDLER, SUPERVISOR = "handler", "supervisor"

# Who takes each step: the handling unit's staff, or the jurisdiction of the place.
KIND = {
    "accept": HANDLER,
    "return": HANDLER,
    "start": HANDLER,
    "transfer": SUPERVISOR,
    "urge": SUPERVISOR,
    "dispatch": SUPERVISOR,
    "reply": HANDLER,
    "close": SUPERVISOR,
    "handle_on_spot": SUPERVISOR,
    "reopen": SUPERVISOR,
    "extend": HANDLER,
    "decide_extension": SUPERVISOR,
    "callback": SUPERVISOR,
}
WRONG_KIND = {
    HANDLER: "只有工单承办单位的工作人员可以执行此操作。",
    SUPERVISOR: "只有工单所在地的管辖人员可以执行此操作。",
}

# The outcome of each step (a row) taken on an order in each state (a column) by a user of the right kind with
# every input given: the state the order ends in, or "·" — refused, "A work order that is “<state>” cannot be
# <verb>." The grid reported the order (so it may be handled on the spot), it has no extension request waiting
# except for `decide_extension`, which is taken with one waiting; the order's unit (a community's) has a unit above.
MATRIX = """
step             submitted  dispatched accepted    in_progress replied closed     returned   escalated  reopened
accept           ·          accepted   ·           ·           ·       ·          ·          ·          ·
return           ·          returned   ·           ·           ·       ·          ·          ·          ·
start            ·          ·          in_progress ·           ·       ·          ·          ·          ·
transfer         ·          dispatched dispatched  dispatched  ·       ·          ·          ·          ·
urge             ·          dispatched accepted    in_progress ·       ·          ·          ·          ·
dispatch         dispatched ·          ·           ·           ·       ·          dispatched dispatched dispatched
reply            ·          ·          replied     replied     ·       ·          ·          ·          ·
close            ·          ·          ·           ·           closed  ·          ·          ·          ·
handle_on_spot   closed     closed     closed      closed      ·       ·          ·          ·          ·
reopen           ·          ·          ·           ·           ·       dispatched ·          ·          ·
extend           ·          ·          accepted    in_progress ·       ·          ·          ·          ·
decide_extension submitted  dispatched accepted    in_progress replied closed     returned   escalated  reopened
callback         ·          ·          ·           ·           ·       closed     ·          ·          ·
"""
_header, *_rows = (line.split() for line in MATRIX.strip().splitlines())
STATES = tuple(_header[1:])
NAMES = tuple(row[0] for row in _rows)  # the steps, in the order of the page's buttons
OUTCOME = {state: {row[0]: row[1 + column] for row in _rows} for column, state in enumerate(STATES)}
assert all(len(row) == len(_header) for row in _rows)
REFUSED = "·"

STATUS = {
    "submitted": "已受理",
    "dispatched": "已派单",
    "accepted": "已签收",
    "in_progress": "办理中",
    "replied": "已答复",
    "closed": "已办结",
    "returned": "已退单",
    "escalated": "已升级",
    "reopened": "已重启",
}
VERB = {
    "accept": "签收",
    "return": "退单",
    "start": "开始办理",
    "transfer": "转办",
    "urge": "催办",
    "dispatch": "派单",
    "reply": "答复",
    "close": "办结",
    "handle_on_spot": "办结",
    "reopen": "重启",
    "extend": "申请延期",
    "callback": "回访",
}
# Steps with a form of their own on the order page; the others are buttons. The API takes all but the grid's.
OWN_FORM = {"extend": "extension_form", "decide_extension": "may_decide", "callback": "callback_form"}
API_STEPS = {name.replace("_", "-") for name in NAMES} - {"handle-on-spot"}


def refused(state, step):
    return f"“{STATUS[state]}”的工单不能{VERB[step]}。"


class StepTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.unit = cls.desk.communities["C1"]  # above it: the street office of S1
        cls.clerk = make_user("c1_clerk", Role.DEPARTMENT_STAFF, cls.tree["D2"])  # no jurisdiction over C1
        cls.unit.staff.add(cls.clerk)
        cls.users = {HANDLER: cls.clerk, SUPERVISOR: cls.tree.users["community"]}
        cls.root = make_user("root", is_superuser=True)  # both kinds at once

    def order(self, state, *, source="grid", pending=False, **fields):
        """A new order of C1 with the community's unit, put in `state`."""
        order = services.submit(
            acting_user=services.PUBLIC,
            source=source,
            request_type="report",
            category=self.desk.child,
            description="井盖缺失",
            community=self.tree["C1"],
        )[0]
        self.assertEqual((order.status, order.unit), ("dispatched", self.unit))
        now = timezone.now()
        if state in ("replied", "closed"):
            fields.update(reply="已处理。", replied_at=now)
        if state == "closed":
            fields["closed_at"] = now
        if pending:
            fields.update(extension_until=order.red_at + timedelta(days=1), extension_reason="需要采购配件")
        WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(status=state, **fields)
        order.refresh_from_db()
        return order

    def inputs(self, step, order):
        """Every input the step may need, given."""
        return {
            "text": "理由",
            "unit": self.desk.communities["C2"],
            "until": order.red_at + timedelta(days=2),
            "approve": True,
            "satisfaction": "satisfied",
            "solved": True,
        }

    def assert_refused(self, order, step, user, exception, reason, **inputs):
        events = OrderEvent.objects.filter(order=order).count()
        with self.assertRaises(exception) as caught:
            services.perform(order, step, actor=user, **(inputs or self.inputs(step, order)))
        message = caught.exception.messages[0] if isinstance(caught.exception, ValidationError) else None
        self.assertEqual(message or str(caught.exception), reason)
        before = order.status
        order.refresh_from_db()
        self.assertEqual((order.status, OrderEvent.objects.filter(order=order).count()), (before, events))

    def test_the_matrix_names_every_step_of_the_table(self):
        self.assertEqual(set(NAMES), set(STEPS))
        self.assertEqual(set(STATES), set(STATUS))
        self.assertEqual(list(STEPS), list(NAMES))  # the table's order is the page's

    def test_every_step_from_every_state(self):
        for state in STATES:
            for step in NAMES:
                with self.subTest(state=state, step=step):
                    order = self.order(state, pending=step == "decide_extension")
                    user, expected = self.users[KIND[step]], OUTCOME[state][step]
                    inputs = self.inputs(step, order)
                    if expected == REFUSED:
                        self.assert_refused(order, step, user, services.IllegalTransition, refused(state, step))
                        continue
                    self.assertEqual(STEPS[step].target_for(order, inputs), expected)
                    services.perform(order, step, actor=user, **inputs)
                    order.refresh_from_db()
                    self.assertEqual(order.status, expected)
                    self.assertEqual(order.events.last().actor, user)

    def test_a_user_of_the_wrong_kind_is_refused_every_step(self):
        for step in NAMES:
            state = next(state for state in STATES if OUTCOME[state][step] != REFUSED)
            with self.subTest(step=step, state=state):
                order = self.order(state, pending=step == "decide_extension")
                wrong = self.users[SUPERVISOR if KIND[step] == HANDLER else HANDLER]
                self.assert_refused(order, step, wrong, PermissionDenied, WRONG_KIND[KIND[step]])

    def test_conditions_beyond_the_state(self):
        for state in STATES:
            with self.subTest(state=state):
                # Only the grid's own reports are handled on the spot, whatever their state.
                order = self.order(state, source="phone")
                reason = "只有网格上报的工单可以自办自结。"
                self.assert_refused(order, "handle_on_spot", self.users[SUPERVISOR], services.IllegalTransition, reason)
                # No decision without a request.
                reason = "没有待审批的延期申请。"
                self.assert_refused(
                    order, "decide_extension", self.users[SUPERVISOR], services.IllegalTransition, reason
                )
        for state in ("accepted", "in_progress"):
            with self.subTest(state=state):
                order = self.order(state, pending=True)
                reason = "已有待审批的延期申请。"
                self.assert_refused(order, "extend", self.users[HANDLER], services.IllegalTransition, reason)
        answered = self.order("closed", callback_at=timezone.now(), satisfaction="satisfied")
        reason = "该工单已回访。"
        self.assert_refused(answered, "callback", self.users[SUPERVISOR], services.IllegalTransition, reason)
        linked = self.order("closed", duplicate_of=self.order("dispatched"))
        reason = "关联的重复诉求不单独回访。"
        self.assert_refused(linked, "callback", self.users[SUPERVISOR], services.IllegalTransition, reason)

    def test_required_inputs(self):
        missing = {
            "return": ({"text": " "}, "请填写退单理由。"),
            "transfer": ({"unit": None}, "请选择承办单位。"),
            "dispatch": ({"unit": None}, "请选择承办单位。"),
            "reply": ({"text": ""}, "请填写给居民的答复。"),
            "handle_on_spot": ({"text": ""}, "请填写现场处置情况。"),
            "reopen": ({"text": ""}, "请填写重启理由。"),
            "extend": ({"until": None}, "请填写新的时限。"),
            "callback": ({"satisfaction": None}, "请选择满意、基本满意或不满意。"),
        }
        for step, (blank, reason) in missing.items():
            state = next(state for state in STATES if OUTCOME[state][step] != REFUSED)
            with self.subTest(step=step):
                order = self.order(state)
                inputs = {**self.inputs(step, order), **blank}
                self.assert_refused(order, step, self.users[KIND[step]], ValidationError, reason, **inputs)
        order = self.order("accepted")
        inputs = {**self.inputs("transfer", order), "text": ""}
        self.assert_refused(order, "transfer", self.users[SUPERVISOR], ValidationError, "请填写转办理由。", **inputs)
        inputs = {**self.inputs("extend", order), "text": ""}
        self.assert_refused(order, "extend", self.users[HANDLER], ValidationError, "请填写延期理由。", **inputs)

    def test_computed_targets(self):
        cases = (
            # (step, the order's state and fields, inputs, the state it ends in, the unit it ends with)
            ("return", {"return_count": 1}, {}, "dispatched", self.desk.streets["S1"]),  # escalated to the street
            ("return", {"return_count": 1, "unit": self.desk.hotline}, {}, "returned", self.desk.hotline),
            ("reopen", {"unit": None}, {}, "reopened", None),
            ("reopen", {}, {}, "dispatched", self.unit),
            ("callback", {}, {"solved": False}, "dispatched", self.unit),
            ("callback", {"unit": None}, {"solved": False}, "reopened", None),
        )
        for step, fields, extra, expected, unit in cases:
            with self.subTest(step=step, fields=fields, extra=extra):
                state = "dispatched" if step == "return" else "closed"
                order = self.order(state, **fields)
                inputs = {**self.inputs(step, order), **extra}
                self.assertEqual(STEPS[step].target_for(order, inputs), expected)
                services.perform(order, step, actor=self.root, **inputs)
                order.refresh_from_db()
                self.assertEqual((order.status, order.unit), (expected, unit))

    def test_the_page_offers_the_steps_of_the_matrix(self):
        for state in STATES:
            for pending in (False, True):
                order = self.order(state, pending=pending)
                for kind, user in self.users.items():
                    with self.subTest(state=state, pending=pending, kind=kind):
                        self.client.force_login(user)
                        context = self.client.get(order.get_absolute_url()).context
                        allowed = [
                            step
                            for step in NAMES
                            if KIND[step] == kind
                            and OUTCOME[state][step] != REFUSED
                            and (step != "decide_extension" or pending)
                            and (step != "extend" or not pending)
                        ]
                        buttons = [step for step in allowed if step not in OWN_FORM]
                        self.assertEqual([key for key, _step in context["actions"]], buttons)
                        self.assertEqual(context["action_unit"], bool({"transfer", "dispatch"} & set(buttons)))
                        shown = {step for step, name in OWN_FORM.items() if context[name]}
                        self.assertEqual(shown, set(allowed) & set(OWN_FORM))

    def test_the_api_takes_the_steps_of_the_matrix(self):
        api = {kind: APIClient() for kind in self.users}
        for kind, client in api.items():
            client.force_authenticate(self.users[kind])
        order = self.order("dispatched")
        for path in ("handle-on-spot", "decide_extension", "jump"):
            response = api[SUPERVISOR].post(f"/api/workorders/orders/{order.pk}/{path}/", {}, format="json")
            self.assertEqual((response.status_code, path), (404, path))
        for state in STATES:
            for path in sorted(API_STEPS):
                step = path.replace("-", "_")
                with self.subTest(state=state, step=step):
                    order = self.order(state, pending=step == "decide_extension")
                    url = f"/api/workorders/orders/{order.pk}/{path}/"
                    body = self.inputs(step, order)
                    body.update(unit=body["unit"].pk, until=body["until"].isoformat())
                    wrong = api[SUPERVISOR if KIND[step] == HANDLER else HANDLER].post(url, body, format="json")
                    self.assertEqual(wrong.status_code, 403)
                    response = api[KIND[step]].post(url, body, format="json")
                    expected = OUTCOME[state][step]
                    if expected == REFUSED:
                        self.assertEqual((response.status_code, response.data), (409, {"detail": refused(state, step)}))
                    else:
                        self.assertEqual((response.status_code, response.data["status"]), (200, expected))
