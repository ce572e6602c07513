"""The step table's rules on their own, without a database (issue #20; issue #11, item 4): inputs, targets,
refusals and who takes each step, asserted exactly for plain stand-in orders — quick enough to run for every mutant
of `steps.py` (`make mutate`)."""

from types import SimpleNamespace

from django.test import SimpleTestCase

from shequ.workorders.choices import OrderStatus
from shequ.workorders.steps import DECISIONS, KINDS, STEPS, actor_of

S = OrderStatus
HANDLER, SUPERVISOR = "handler", "supervisor"


def order(status=S.DISPATCHED, **fields):
    values = {
        "status": status,
        "source": "phone",
        "extension_until": None,
        "callback_at": None,
        "duplicate_of_id": None,
        "return_count": 0,
        "unit": None,
        "unit_id": None,
        **fields,
    }
    values["get_status_display"] = lambda: S(values["status"]).label
    return SimpleNamespace(**values)


def unit(parent_id=None):
    return SimpleNamespace(parent_id=parent_id)


class StepRuleTests(SimpleTestCase):
    def test_who_takes_each_step_and_decision(self):
        self.assertEqual(
            {name: actor_of(name) for name in [*STEPS, "publish", "anything else"]},
            {
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
                "publish": SUPERVISOR,
                "anything else": SUPERVISOR,
            },
        )
        self.assertEqual((KINDS, DECISIONS), ((HANDLER, SUPERVISOR), {"publish": SUPERVISOR}))

    def test_forms_and_api_names(self):
        self.assertEqual(
            {name: step.form for name, step in STEPS.items() if step.form},
            {"extend": "extension", "decide_extension": "decision", "callback": "callback"},
        )
        self.assertEqual([name for name, step in STEPS.items() if not step.api], ["handle_on_spot"])
        self.assertEqual(STEPS["decide_extension"].api_name, "decide-extension")
        self.assertEqual(STEPS["accept"].api_name, "accept")

    def test_inputs_given_and_missing(self):
        transfer = STEPS["transfer"]
        self.assertEqual((transfer.takes("unit"), transfer.takes("text"), transfer.takes("until")), (True, True, False))
        self.assertEqual(transfer.missing({"unit": None, "text": "理由"}), {"unit": "请选择承办单位。"})
        self.assertEqual(transfer.missing({"unit": object(), "text": "  "}), {"note": "请填写转办理由。"})
        self.assertEqual(transfer.missing({"text": "理由"}), {})  # not asked about: not missing
        self.assertEqual(transfer.missing({}), {})
        self.assertEqual(STEPS["urge"].missing({"text": ""}), {})  # the note is optional
        self.assertEqual(STEPS["decide_extension"].missing({"approve": False, "text": ""}), {})
        self.assertEqual(STEPS["extend"].missing({"until": None, "text": "忙"}), {"until": "请填写新的时限。"})
        self.assertEqual(STEPS["extend"].missing({"until": 0, "text": ""}), {"reason": "请填写延期理由。"})
        self.assertEqual(
            STEPS["callback"].missing({"satisfaction": "", "solved": None, "text": ""}),
            {"satisfaction": "请选择满意、基本满意或不满意。"},
        )
        self.assertEqual(STEPS["callback"].missing({"satisfaction": "satisfied", "solved": None, "text": ""}), {})

    def test_targets(self):
        self.assertEqual(STEPS["accept"].target_for(order()), S.ACCEPTED)
        self.assertEqual(STEPS["urge"].target_for(order(S.IN_PROGRESS)), S.IN_PROGRESS)
        self.assertEqual(STEPS["decide_extension"].target_for(order(S.REPLIED)), S.REPLIED)
        returned = STEPS["return"]
        above = unit(parent_id=7)
        self.assertEqual(returned.target_for(order(return_count=0, unit=above)), S.RETURNED)
        self.assertEqual(returned.target_for(order(return_count=1, unit=above)), S.DISPATCHED)  # the second
        self.assertEqual(returned.target_for(order(return_count=1, unit=unit())), S.RETURNED)  # none above
        self.assertEqual(returned.target_for(order(return_count=1)), S.RETURNED)  # no unit
        self.assertEqual(STEPS["reopen"].target_for(order(S.CLOSED, unit_id=3)), S.DISPATCHED)
        self.assertEqual(STEPS["reopen"].target_for(order(S.CLOSED)), S.REOPENED)
        callback = STEPS["callback"]
        self.assertEqual(callback.target_for(order(S.CLOSED, unit_id=3)), S.CLOSED)  # solved unless said otherwise
        self.assertEqual(callback.target_for(order(S.CLOSED, unit_id=3), {"solved": True}), S.CLOSED)
        self.assertEqual(callback.target_for(order(S.CLOSED, unit_id=3), {"solved": False}), S.DISPATCHED)
        self.assertEqual(callback.target_for(order(S.CLOSED), {"solved": False}), S.REOPENED)

    def test_refusals_state_first_conditions_and_later_ones(self):
        self.assertEqual(STEPS["accept"].refusal(order(S.CLOSED)), "“已办结”的工单不能签收。")
        self.assertIsNone(STEPS["accept"].refusal(order()))
        self.assertEqual((STEPS["accept"].open_to(order()), STEPS["accept"].open_to(order(S.CLOSED))), (True, False))
        # Handled on the spot: the grid's own reports only, whatever the state; then the state.
        on_spot = STEPS["handle_on_spot"]
        self.assertEqual(on_spot.refusal(order(S.CLOSED)), "只有网格上报的工单可以自办自结。")
        self.assertEqual(on_spot.refusal(order(S.CLOSED, source="grid")), "“已办结”的工单不能办结。")
        self.assertIsNone(on_spot.refusal(order(S.SUBMITTED, source="grid")))
        # An extension: the state first, then whether one is waiting.
        extend, decide = STEPS["extend"], STEPS["decide_extension"]
        self.assertEqual(extend.refusal(order(S.CLOSED, extension_until=1)), "“已办结”的工单不能申请延期。")
        self.assertEqual(extend.refusal(order(S.ACCEPTED, extension_until=1)), "已有待审批的延期申请。")
        self.assertIsNone(extend.refusal(order(S.ACCEPTED)))
        self.assertEqual(decide.refusal(order(S.CLOSED)), "没有待审批的延期申请。")
        self.assertIsNone(decide.refusal(order(S.CLOSED, extension_until=1)))
        callback = STEPS["callback"]
        self.assertEqual(callback.refusal(order(S.CLOSED, callback_at=1)), "该工单已回访。")
        self.assertEqual(callback.refusal(order(S.CLOSED, duplicate_of_id=5)), "关联的重复诉求不单独回访。")
        self.assertEqual(callback.refusal(order(S.REPLIED, duplicate_of_id=5)), "“已答复”的工单不能回访。")
        self.assertIsNone(callback.refusal(order(S.CLOSED)))
