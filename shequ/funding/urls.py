from django.urls import path

from shequ.core.registry import register_page
from shequ.funding import views

app_name = "funding"

urlpatterns = [
    *views.BudgetViews.urls("budgets"),
    *views.AccountViews.urls("accounts"),
    *views.EntryViews.urls("entries"),
    *views.SocialWageViews.urls("social-wages"),
    *views.WorkerPayViews.urls("worker-pay"),
    path("entries/post/", views.PostView.as_view(), name="post"),
    path("statements/", views.StatementView.as_view(), name="statements"),
    path("entries/allocate-item/", views.AllocateItemView.as_view(), name="allocate_item"),
    *views.FundraisingProjectViews.urls("fundraising-projects"),
    *views.DonationViews.urls("donations"),
    path("donations/<int:pk>/receipt/", views.DonationReceiptView.as_view(), name="donation_receipt"),
    *views.AssetViews.urls("assets"),
    *views.AuditViews.urls("audits"),
    *views.AuditFindingViews.urls("audit-findings"),
]
register_page("funding:donation_receipt", "funding.view_donation")
register_page("funding:post", "funding.add_entry")
register_page("funding:statements", "funding.view_entry")
register_page("funding:allocate_item", "funding.add_entry")
