"""The grid worker's incident form (issue #13; SVC-8 → SVC-5): an order with source GRID through the shared intake,
routed like every order, with its camera photos bounded and stored, the phone's position bounded, the idempotency
key hidden, and only the worker's own grids to choose from."""

from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.gridwork.models import GridWorker
from shequ.regions.models import Grid
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk
from shequ.workorders.tests.test_photos import jpeg, png_bomb

URL = "/gridwork/incidents/new/"


class IncidentFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        cls.grid = Grid.objects.create(community=cls.tree["C1"], sequence=1, name="鸿山一网格")
        cls.other = Grid.objects.create(community=cls.tree["C3"], sequence=1, name="仁安一网格")
        cls.worker = make_user("grid_worker", Role.GRID_WORKER, cls.tree["C1"])
        GridWorker.objects.create(grid=cls.grid, user=cls.worker)

    def setUp(self):
        self.client.force_login(self.worker)

    def data(self, **fields):
        page = self.client.get(URL)
        data = {
            "category": self.desk.child.pk,
            "description": "井盖松动，有行人绊倒的危险",
            "grid": self.grid.pk,
            "address": "鸿山路12号门口",
            "latitude": "24.446812",
            "longitude": "118.087031",
            "idempotency_key": page.context["form"].initial["idempotency_key"],
        }
        data.update(fields)
        return data

    def orders(self):
        return WorkOrder.objects.unscoped("test")

    def test_the_page_is_the_grid_workers_own(self):
        page = self.client.get(URL)
        html = page.content.decode()
        self.assertEqual(page.status_code, 200)
        self.assertIn(
            '<input type="file" name="photos" accept="image/*" capture="environment" multiple '
            'class="form-control" id="id_photos">',
            html,
        )
        self.assertIn(f'<option value="{self.grid.pk}" selected>鸿山社区居委会 · 鸿山一网格</option>', html)
        self.assertNotIn(str(self.other.pk) + '">', html.split('name="grid"')[1].split("</select>")[0])
        self.assertIn('<input type="hidden" name="idempotency_key"', html)
        self.assertIn('<input type="hidden" name="latitude"', html)
        self.assertIn("gridwork/incident.js", html)
        self.assertNotIn("Idempotency", html)
        for absent in ("来电人", "来电号码", "0101 垃圾清运"):
            self.assertNotIn(absent, html)
        self.assertIn(f'<option value="{self.desk.child.pk}">垃圾清运</option>', html)
        menu = self.client.get("/").content.decode()
        self.assertIn('href="/gridwork/incidents/new/">上报事件</a>', menu)

    def test_an_incident_becomes_a_routed_grid_order_with_photo_and_location(self):
        photo = SimpleUploadedFile("manhole.jpg", jpeg(4000, 3000), content_type="image/jpeg")
        response = self.client.post(URL, {**self.data(), "photos": [photo]}, follow=True)
        order = self.orders().get()
        self.assertRedirects(response, f"/workorders/orders/{order.pk}/")
        self.assertEqual(
            (order.source, order.request_type, order.status, order.unit, order.community, order.created_by),
            ("grid", "report", "dispatched", self.desk.communities["C1"], self.tree["C1"], self.worker),
        )
        self.assertEqual((order.latitude, order.longitude), (Decimal("24.446812"), Decimal("118.087031")))
        self.assertEqual(order.address, "鸿山路12号门口")
        self.assertIsNotNone(order.red_at)  # on the clock like every dispatched order
        [stored] = order.photos.all()
        self.assertEqual((stored.width, stored.height), (2560, 1920))
        self.assertEqual(list(order.events.values_list("action", flat=True)), ["submit", "dispatch"])
        self.assertContains(response, f"/workorders/photos/{stored.pk}/")
        self.assertContains(response, f"事件 {order.number} 已上报，已派给 鸿山社区居委会。")
        self.assertContains(response, '<dt class="col-sm-3">承办单位</dt><dd class="col-sm-9">鸿山社区居委会</dd>')

    def test_a_resent_form_is_one_order(self):
        data = self.data()
        self.client.post(URL, data)
        again = self.client.post(URL, data)
        order = self.orders().get()
        self.assertRedirects(again, f"/workorders/orders/{order.pk}/")

    def test_the_location_is_optional_and_bounded(self):
        response = self.client.post(URL, self.data(latitude="", longitude=""))
        self.assertEqual(response.status_code, 302)
        self.assertEqual((self.orders().get().latitude, self.orders().get().longitude), (None, None))
        for latitude, longitude in (
            ("NaN", "118.08"),
            ("24.44", "inf"),
            ("91", "118.08"),
            ("39.9", "116.4"),
            ("24.4", ""),
        ):
            response = self.client.post(URL, self.data(latitude=latitude, longitude=longitude))
            self.assertEqual(response.status_code, 400, (latitude, longitude))
            self.assertEqual(
                response.context["form"].non_field_errors(),
                ["位置：该位置不在本市范围内。请重新读取位置，或不填位置。"],
            )
        response = self.client.post(URL, self.data(latitude="2" * 40))
        self.assertEqual(
            response.context["form"].non_field_errors(), ["位置：该位置不在本市范围内。请重新读取位置，或不填位置。"]
        )
        response = self.client.post(URL, self.data(idempotency_key=""))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "页面不完整：请刷新页面后重新填写。", status_code=400)
        self.assertEqual(self.orders().count(), 1)

    def test_another_communitys_grid_is_refused(self):
        response = self.client.post(URL, self.data(grid=self.other.pk))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["grid"], ["选择一个有效的选项： 该选择不在可用的选项中。"])
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertEqual(self.orders().count(), 0)

    def test_oversize_and_over_pixel_photos_are_refused_naming_the_field(self):
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
        response = self.client.post(URL, {**self.data(), "photos": [big]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["photos"], ["big.jpg 超过 5 MB。"])
        self.assertContains(response, "照片（最多 3 张）：big.jpg 超过 5 MB。", status_code=400)
        bomb = SimpleUploadedFile("bomb.png", png_bomb(12000, 12000), content_type="image/png")
        response = self.client.post(URL, {**self.data(), "photos": [bomb]})
        self.assertEqual(response.context["form"].errors["photos"], ["bomb.png 像素过多，最多 40 百万像素。"])
        four = [SimpleUploadedFile(f"{i}.jpg", jpeg(40, 30), content_type="image/jpeg") for i in range(4)]
        response = self.client.post(URL, {**self.data(), "photos": four})
        self.assertEqual(response.context["form"].errors["photos"], ["最多 3 张照片。"])
        self.assertEqual(self.orders().count(), 0)

    def test_without_the_right_the_page_is_refused(self):
        self.client.force_login(self.tree.users["auditor"])
        self.assertEqual(self.client.get(URL).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)


class IncidentGridPickerTests(TestCase):
    """Staff with no grid of their own choose among their jurisdiction's grids: by typing, once there are many
    (issue #13 pickers); never a grid outside the jurisdiction."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        make_desk(cls.tree)
        Grid.objects.create(community=cls.tree["C1"], sequence=1, name="鸿山一网格")
        Grid.objects.create(community=cls.tree["C2"], sequence=1, name="蜂巢山一网格")
        Grid.objects.create(community=cls.tree["C4"], sequence=1, name="湖里一网格")

    def test_the_grid_is_a_picker_answering_within_the_jurisdiction(self):
        self.client.force_login(self.tree.users["street"])
        with mock.patch("shequ.core.pickers.PICKER_AFTER", 0):
            html = self.client.get(URL).content.decode()
            self.assertIn('data-picker="grid"', html)
            answer = self.client.post(URL, {"_picker": "grid", "q": "一网格"}).json()["results"]
        self.assertEqual(
            sorted(row["text"] for row in answer),
            ["蜂巢山一网格（350203001004001） · 蜂巢山社区居委会", "鸿山一网格（350203001001001） · 鸿山社区居委会"],
        )
