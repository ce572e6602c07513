from shequ.property import views

app_name = "property"

urlpatterns = [
    *views.OwnersCommitteeViews.urls("owners-committees"),
    *views.ServiceContractViews.urls("contracts"),
    *views.SelfManagedAreaViews.urls("self-managed-areas"),
    *views.CostItemViews.urls("cost-items"),
    *views.CollectionViews.urls("collections"),
    *views.PropertyLiaisonViews.urls("liaisons"),
]
