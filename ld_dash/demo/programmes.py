"""The programmes as arrays (launch, retirement, kinds, enrolment weights) and the campaign plan, both
needed before the workforce is simulated."""
from __future__ import annotations

import datetime as dt

import numpy as np

from ld_dash.demo.calendar import Calendar, day_number
from ld_dash.demo.catalogue import (
    CAMPAIGN_CHANNEL_P,
    CAMPAIGN_CHANNELS,
    CAMPAIGN_DAYS,
    CAMPAIGN_LIFT,
    FAMILIES,
    INF,
    LEVELS,
    NEG,
    PATHWAYS,
    PROGRAMME_INDEX,
    PROGRAMMES,
    STEP_WEIGHT,
    UNIT_NAMES,
    UNIT_SHARES,
)
from ld_dash.demo.columns import serial_ids
from ld_dash.demo.state import CampaignPlan


class Programmes:
    def __init__(self, cal: Calendar, rng: np.random.Generator):
        n = len(PROGRAMMES)
        self.n = n
        self.ids = serial_ids("PRG-", n, 3)
        self.launch = np.zeros(n, dtype=np.int64)
        self.retire = np.full(n, INF, dtype=np.int64)
        for i, p in enumerate(PROGRAMMES):
            if p.launched_at is None:
                jitter = int(rng.integers(0, 120))
                self.launch[i] = cal.s0 - int(round(p.years_before * 365.25)) + jitter
            elif p.launched_at < 0:  # VR: about 13 months before as_of
                self.launch[i] = cal.e0 - 400
            else:
                self.launch[i] = cal.fraction(p.launched_at)
            if p.retired_at is not None:
                self.retire[i] = cal.fraction(p.retired_at)
        self.is_comp = np.array([p.category == "Compliance" for p in PROGRAMMES])
        self.is_lead = np.array([p.category == "Leadership" for p in PROGRAMMES])
        self.is_onboard = np.array([p.category == "Onboarding" for p in PROGRAMMES])
        self.is_optional = ~self.is_comp & ~self.is_onboard
        self.has_test = np.array([p.has_test for p in PROGRAMMES])
        self.quality = np.array([p.quality for p in PROGRAMMES])
        self.mode = np.array([p.mode for p in PROGRAMMES], dtype=object)
        self.hours_lo = np.array([p.hours[0] for p in PROGRAMMES])
        self.hours_hi = np.array([p.hours[1] for p in PROGRAMMES])
        self.pathway = np.full(n, -1)
        self.step = np.zeros(n, dtype=np.int64)
        for k, (_, _, _, _, steps) in enumerate(PATHWAYS):
            for s, name in enumerate(steps):
                self.pathway[PROGRAMME_INDEX[name]] = k
                self.step[PROGRAMME_INDEX[name]] = s + 1
        # Enrolment weights per (family, level) group over the optional programmes.
        groups = len(FAMILIES) * len(LEVELS)
        w = np.zeros((groups, n))
        for i, p in enumerate(PROGRAMMES):
            if not self.is_optional[i]:
                continue
            fam = np.array([1.0 if (not p.families or f in p.families) else 0.12 for f in FAMILIES])
            if self.pathway[i] >= 0:
                fam = fam * np.where(np.array(FAMILIES) == PATHWAYS[self.pathway[i]][2], 1.5, 1.0)
                fam = fam * STEP_WEIGHT[self.step[i] - 1]
            w[:, i] = p.popularity * np.outer(fam, np.array(p.levels)).ravel()
        self.w_optional = w / w.sum(axis=1, keepdims=True)
        self.w_compliance = self.is_comp / self.is_comp.sum()

    def live(self, days: np.ndarray) -> np.ndarray:
        """programmes × days: launched on or before the day and not yet retired."""
        return (self.launch[:, None] <= days[None, :]) & (days[None, :] < self.retire[:, None])


def campaign_plan(cal: Calendar, progs: Programmes, rng: np.random.Generator) -> CampaignPlan:
    """Sends per month: ~70 % for one programme (≥ 42 days apart, ≥ 28 days after launch), the rest general,
    plus a 'leadership update' in all but two months of each calendar year."""
    sent, channel, program, audience = [], [], [], []
    last = np.full(progs.n, NEG, dtype=np.int64)
    eligible_kind = ~progs.is_onboard
    popularity = np.array([p.popularity for p in PROGRAMMES])
    skip: dict[int, set[int]] = {}
    for t, (f, end_day) in enumerate(zip(cal.first, cal.last)):
        days_t = int(end_day - f + 1)
        n_send = int(rng.poisson(8 * days_t / 30.4))
        tied = rng.random(n_send) < 0.7
        ok = (eligible_kind & (progs.launch <= f - 28) & (progs.retire > end_day + CAMPAIGN_DAYS)
              & (last <= f - 42))
        cands = np.flatnonzero(ok)
        k = min(int(tied.sum()), len(cands))
        chosen = np.empty(0, dtype=np.int64)
        if k:
            p = popularity[cands] / popularity[cands].sum()
            chosen = rng.choice(cands, size=k, replace=False, p=p)
        n_general = n_send - k
        days = f + rng.integers(0, days_t, size=n_send)
        last[chosen] = days[:k]
        sent.append(days)
        program.append(np.concatenate([chosen, np.full(n_general, -1)]))
        channel.append(rng.choice(len(CAMPAIGN_CHANNELS), size=n_send, p=CAMPAIGN_CHANNEL_P))
        audience.append(np.where(rng.random(n_send) < 0.5, -1, rng.choice(len(UNIT_NAMES), size=n_send,
                                                                            p=UNIT_SHARES)))
        year = cal.months[t].year
        if year not in skip:
            skip[year] = set(rng.choice(12, size=2, replace=False).tolist())
        if (cal.months[t].month - 1) not in skip[year] and days_t >= 10:
            sent.append(np.array([f + int(rng.integers(2, min(days_t, 10)))]))
            program.append(np.array([-1]))
            channel.append(np.array([-1]))  # leadership update
            audience.append(np.array([-1]))
    plan = CampaignPlan(sent=np.concatenate(sent), program=np.concatenate(program),
                        channel=np.concatenate(channel), audience=np.concatenate(audience))
    return plan.take(np.lexsort((plan.program, plan.sent)))


def intensity_of(cal: Calendar, progs: Programmes, plan: CampaignPlan) -> np.ndarray:
    """programmes × window days: live × gentle seasonality × campaign lift (effect 5)."""
    days = np.arange(cal.s0, cal.e0 + 1)
    doy = (days - day_number(dt.date(1970, 1, 1))) % 365.25
    season = 1.0 + 0.08 * np.cos(2 * np.pi * (doy - 45) / 365.25)
    a = progs.live(days) * season[None, :]
    for p, s in zip(plan.program, plan.sent):
        if p >= 0:
            lo = s - cal.s0
            a[p, lo:lo + CAMPAIGN_DAYS] *= CAMPAIGN_LIFT
    return a

