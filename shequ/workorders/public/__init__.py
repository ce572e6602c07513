"""The call centre's public side (issue #5): the residents' portal (`portal`) and Open311 GeoReport v2 (`open311`),
served by `urls` without a login. Both take requests in through the one intake (`services.intake.submit`) as its
public actor, `PUBLIC`."""
