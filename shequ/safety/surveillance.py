"""Surveillance coverage and uptime (issue #17, GOV-2): which residential areas an online device covers, and the share
of a period a device was online, read from its status reports."""

from datetime import datetime

from shequ.safety.choices import DeviceStatus
from shequ.safety.models import DeviceStatusReport, SurveillanceDevice

__all__ = ["covered_area_ids", "uptime"]


def covered_area_ids(community_codes) -> set[int]:
    """The residential areas (ids) of these communities with at least one online device."""
    codes = list(community_codes)
    covered: set[int] = set()
    for start in range(0, len(codes), 500):
        covered.update(
            SurveillanceDevice.objects.filter(
                division_code__in=codes[start : start + 500],
                status=DeviceStatus.ONLINE,
                residential_area__isnull=False,
            ).values_list("residential_area_id", flat=True)
        )
    return covered


def uptime(device, start: datetime, end: datetime) -> float | None:
    """The share of [start, end) the device was online, over the part of it whose status is known: from the latest
    report at or before `start` (or the first report after it) on, each report's status holds until the next.
    None when nothing is known of the period (no report before `end`)."""
    if end <= start:
        raise ValueError("The period must end after it starts.")
    reports = DeviceStatusReport.objects.filter(device_id=device.pk).order_by("reported_at")
    before = reports.filter(reported_at__lte=start).last()
    during = list(reports.filter(reported_at__gt=start, reported_at__lt=end).values_list("reported_at", "status"))
    points = ([(start, before.status)] if before is not None else []) + during
    if not points:
        return None
    known = online = 0.0
    for (moment, status), following in zip(points, [*(p[0] for p in points[1:]), end], strict=True):
        seconds = (following - moment).total_seconds()
        known += seconds
        if status == DeviceStatus.ONLINE:
            online += seconds
    return online / known
