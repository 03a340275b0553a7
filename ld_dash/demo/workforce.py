"""The workforce, simulated month by month: leaving, promotions, moves, hires, managers and enrolments,
with the planted effects 1, 2, 5 and 6 applied as it goes."""
from __future__ import annotations

import numpy as np

from ld_dash.demo.calendar import Calendar, monthly_rate
from ld_dash.demo.catalogue import (
    COMPLETE_ENGAGED,
    COMPLETE_NO_MANAGER,
    COMPLETE_OTHER,
    COMPLIANCE_RATE,
    DEPT_OF_UNIT,
    ENGAGED_SHARE,
    FAMILY_WEIGHTS,
    GROWTH_RATE,
    INF,
    INVOLUNTARY_RATE,
    LATERAL_RATE,
    LEADERSHIP_PROMOTION,
    LEADERSHIP_RETENTION,
    LEVEL_SHARES,
    ONBOARD_MANAGER,
    ONBOARD_SYSTEMS,
    ONBOARD_WELCOME,
    OPTIONAL_RATE,
    PROMOTION_RATES,
    RECENT_LEARNER_RETENTION,
    REFRESH_DAYS,
    REGION_WEIGHTS,
    UNIT_SHARES,
    VOLUNTARY_RATE,
)
from ld_dash.demo.programmes import Programmes
from ld_dash.demo.sampling import normalised_cumsum, pick_matching, row_choice
from ld_dash.demo.state import (
    EXECUTIVE,
    HIRE,
    IC1,
    IC2,
    IC3,
    INVOLUNTARY,
    LATERAL,
    MANAGER,
    PROMOTION,
    VOLUNTARY,
    People,
)


class Workforce:
    def __init__(self, cal: Calendar, progs: Programmes, intensity: np.ndarray, rng: np.random.Generator,
                 employees: int):
        self.cal, self.progs, self.a, self.rng = cal, progs, intensity, rng
        self.employees = employees
        self.n = 0
        self.cap = 0
        self.people = People.empty()
        self.blocked = np.zeros(0, dtype=np.int64)  # (person × programme): no new enrolment before this day
        self.events: list[tuple[np.ndarray, ...]] = []
        self.enrol: list[tuple[np.ndarray, ...]] = []
        self.buckets: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        self.n_bits = cal.n_fy + 2

    # -- storage ------------------------------------------------------------------------------------
    def _grow(self, need: int) -> None:
        if need <= self.cap:
            return
        new_cap = max(need, int(self.cap * 1.5) + 1024)
        self.people.grow(new_cap)
        blocked = np.zeros(new_cap * self.progs.n, dtype=np.int64)
        blocked[: self.blocked.size] = self.blocked
        self.blocked = blocked
        self.cap = new_cap

    def _add(self, level: np.ndarray, bu: np.ndarray, hire: np.ndarray) -> np.ndarray:
        """New people in (level, unit) with attributes drawn the same way for the first staff and hires."""
        rng, k = self.rng, len(level)
        self._grow(self.n + k)
        idx = np.arange(self.n, self.n + k)
        self.n += k
        people = self.people
        people.level[idx], people.bu[idx], people.hire[idx] = level, bu, hire
        people.family[idx] = row_choice(normalised_cumsum(FAMILY_WEIGHTS), bu.astype(np.int64), rng)
        people.region[idx] = row_choice(normalised_cumsum(REGION_WEIGHTS), bu.astype(np.int64), rng)
        people.dept[idx] = self._department(bu)
        people.prop[idx] = rng.gamma(1.5, 1 / 1.5, size=k)
        people.zsal[idx] = rng.normal(0, 1, size=k)
        bits = rng.random((k, self.n_bits)) < ENGAGED_SHARE
        people.ubits[idx] = (bits * (1 << np.arange(self.n_bits))).sum(axis=1)
        return idx

    def _department(self, bu: np.ndarray) -> np.ndarray:
        u = self.rng.random(len(bu))
        sizes = np.array([len(d) for d in DEPT_OF_UNIT])
        offsets = np.cumsum(np.r_[0, sizes[:-1]])
        return offsets[bu] + (u * sizes[bu]).astype(np.int64)

    def _event(self, idx: np.ndarray, day: np.ndarray, kind: int) -> None:
        people = self.people
        self.events.append((idx.copy(), np.asarray(day, dtype=np.int64).copy(), people.level[idx].copy(),
                            people.family[idx].copy(), people.bu[idx].copy(), np.full(len(idx), kind, np.int8)))

    def headcount_target(self, day: int) -> float:
        return self.employees * (1 + GROWTH_RATE) ** ((day - self.cal.e0) / 365.25)

    def _cells(self, target: float) -> np.ndarray:
        """Whole-person targets per (level, unit), summing to the rounded target (largest remainders);
        every unit keeps at least one manager and one executive."""
        exact = np.outer(LEVEL_SHARES, UNIT_SHARES) * target
        cells = np.floor(exact).astype(np.int64)
        short = int(round(target)) - int(cells.sum())
        if short > 0:
            order = np.argsort(-(exact - cells).ravel(), kind="stable")[:short]
            cells.ravel()[order] += 1
        cells[MANAGER:] = np.maximum(cells[MANAGER:], 1)
        return cells

    # -- the first staff ----------------------------------------------------------------------------
    def seed_staff(self) -> None:
        rng, cal = self.rng, self.cal
        counts = self._cells(self.headcount_target(cal.s0))
        level = np.repeat(np.repeat(np.arange(5), 6), counts.ravel()).astype(np.int8)
        bu = np.repeat(np.tile(np.arange(6), 5), counts.ravel()).astype(np.int8)
        k = len(level)
        tenure = np.minimum(rng.exponential(4.0 + level, size=k), 15.0)
        hire = cal.s0 - np.maximum(1, np.round(tenure * 365.25)).astype(np.int64)
        idx = self._add(level, bu, hire)
        people = self.people
        # Earlier careers: up to `level` promotions before the window, evenly spaced with jitter.
        steps = np.minimum(level, rng.binomial(np.floor(tenure).astype(np.int64), 0.15)).astype(np.int64)
        steps = np.minimum(steps, (cal.s0 - hire) // 60)
        people.level[idx] = level - steps
        self._event(idx, hire, HIRE)
        span = cal.s0 - hire
        people.leader_since[idx[level - steps >= MANAGER]] = hire[level - steps >= MANAGER]
        for j in range(int(steps.max(initial=0))):
            who = steps > j
            frac = (j + 0.2 + 0.6 * rng.random(who.sum())) / (steps[who] + 1)
            day = hire[who] + np.maximum(1, (frac * span[who]).astype(np.int64))
            people.level[idx[who]] += 1
            became_leader = people.level[idx[who]] == MANAGER
            people.leader_since[idx[who][became_leader]] = day[became_leader]
            self._event(idx[who], day, PROMOTION)
        # Recent learning before the window: each optional programme was started in the last three years
        # (or since hire or launch) at the person's rate, and cannot be started again for three years.
        progs = self.progs
        group = people.family[idx].astype(np.int64) * 5 + people.level[idx]
        rate = OPTIONAL_RATE * people.prop[idx][:, None] * progs.w_optional[group]
        exposure = np.clip(np.minimum((cal.s0 - hire)[:, None], (cal.s0 - progs.launch)[None, :]), 0, REFRESH_DAYS)
        took = rng.random(rate.shape) < 1 - np.exp(-rate * exposure / 365.25)
        when = cal.s0 - (rng.random(rate.shape) * exposure).astype(np.int64)
        rows, cols = np.nonzero(took)
        self.blocked[idx[rows] * progs.n + cols] = when[rows, cols] + REFRESH_DAYS
        # Balanced teams: ICs round-robin over their unit's managers, managers over its executives.
        for report_level, boss_level in ((np.array([IC1, IC2, IC3]), MANAGER), (np.array([MANAGER]), EXECUTIVE)):
            for b in range(6):
                reports = idx[np.isin(people.level[idx], report_level) & (people.bu[idx] == b)]
                bosses = idx[(people.level[idx] == boss_level) & (people.bu[idx] == b)]
                if len(bosses) == 0 or len(reports) == 0:
                    continue
                reports = reports[rng.permutation(len(reports))]
                people.manager[reports] = bosses[np.arange(len(reports)) % len(bosses)]

    # -- one month ----------------------------------------------------------------------------------
    def month(self, t: int) -> None:
        cal, rng, people = self.cal, self.rng, self.people
        f, end_day = int(cal.first[t]), int(cal.last[t])
        days_t = end_day - f + 1
        fy = int(cal.fy_of(np.array([f]))[0])
        n = self.n
        self._apply_completions(t - 1)

        # Leaving (effect 1 on the voluntary hazard).
        active = np.flatnonzero(people.term[:n] == INF)
        lead_done = people.lead_done[active] < f
        recent = people.last_comp[active] >= cal.year_back[t]
        mult = np.where(lead_done, LEADERSHIP_RETENTION, np.where(recent, RECENT_LEARNER_RETENTION, 1.0))
        hv, hi = monthly_rate(VOLUNTARY_RATE) * mult, monthly_rate(INVOLUNTARY_RATE)
        u = rng.random(len(active))
        vol, invol = u < hv, (u >= hv) & (u < hv + hi)
        leaving = active[vol | invol]
        people.term[leaving] = f + rng.integers(0, days_t, size=len(leaving))
        people.reason[active[vol]] = VOLUNTARY
        people.reason[active[invol]] = INVOLUNTARY

        # Leaders of this fiscal year (those employed on its first day of the window) get its bit.
        if t == 0 or fy != int(cal.fy_of(np.array([cal.first[t - 1]]))[0]):
            leaders = np.flatnonzero((people.level[:n] >= MANAGER) & (people.term[:n] > f) & (people.hire[:n] <= f))
            people.lbits[leaders] |= 1 << fy

        # Promotions (effect 2) and lateral moves, among those staying this month.
        stay = np.flatnonzero((people.term[:n] == INF) & (people.hire[:n] < f))
        lvl = people.level[stay]
        rate = np.zeros(len(stay))
        for from_level, annual in enumerate(PROMOTION_RATES):
            rate[lvl == from_level] = monthly_rate(annual)
        boost = (lvl == IC3) & (people.lead_done[stay] < f)
        rate = np.where(boost, rate * LEADERSHIP_PROMOTION, rate)
        u = rng.random(len(stay))
        promoted = stay[u < rate]
        day = f + rng.integers(0, days_t, size=len(promoted))
        people.level[promoted] += 1
        new_leader = promoted[people.level[promoted] == MANAGER]
        new_exec = promoted[people.level[promoted] == EXECUTIVE]
        people.leader_since[new_leader] = day[people.level[promoted] == MANAGER]
        people.lbits[new_leader] |= 1 << fy
        people.manager[new_exec] = -1
        self._event(promoted, day, PROMOTION)
        lateral = stay[(u >= rate) & (u < rate + monthly_rate(LATERAL_RATE)) & (lvl <= IC3)]
        self._lateral(lateral, f, days_t)

        keep = np.flatnonzero(people.term[:n] == INF)
        counts = np.zeros((5, 6))
        np.add.at(counts, (people.level[keep], people.bu[keep]), 1)
        # Hires go to cells short of their target, but never past the total: promotions and moves can
        # overfill a cell, and an overfilled cell must not push headcount above target.
        target = self._cells(self.headcount_target(end_day))
        gaps = np.maximum(target - counts, 0).astype(np.int64).ravel()
        total = max(0, int(target.sum() - counts.sum()))
        if gaps.sum() > total:
            slots = np.repeat(np.arange(gaps.size), gaps)
            gaps = np.bincount(slots[rng.permutation(len(slots))[:total]], minlength=gaps.size)
        hires = gaps.reshape(target.shape)
        h_level = np.repeat(np.repeat(np.arange(5), 6), hires.ravel()).astype(np.int8)
        h_bu = np.repeat(np.tile(np.arange(6), 5), hires.ravel()).astype(np.int8)
        hired = self._add(h_level, h_bu, f + rng.integers(0, days_t, size=len(h_level)))
        leaders = hired[h_level >= MANAGER]
        people.leader_since[leaders] = people.hire[leaders]
        people.lbits[leaders] |= 1 << fy
        self._event(hired, people.hire[hired], HIRE)

        self._assign_managers(fy)

        # Enrolments.
        new_managers = np.concatenate([new_leader, hired[h_level == MANAGER]])
        self._enrol(t, f, end_day, fy, hired, new_managers, day_of_new_manager=np.concatenate(
            [people.leader_since[new_leader], people.hire[hired[h_level == MANAGER]]]))

    def _lateral(self, who: np.ndarray, f: int, days_t: int) -> None:
        if len(who) == 0:
            return
        rng, people = self.rng, self.people
        change_unit = rng.random(len(who)) < 0.5
        new_bu = people.bu[who].astype(np.int64)
        shift = rng.integers(1, 6, size=len(who))
        new_bu = np.where(change_unit, (new_bu + shift) % 6, new_bu)
        new_family = row_choice(normalised_cumsum(FAMILY_WEIGHTS), new_bu, rng)
        same = new_family == people.family[who]
        # A move within the unit changes family; if the draw repeats the family, take the unit's next one.
        alt = np.argsort(-FAMILY_WEIGHTS, axis=1)
        second = np.where(alt[new_bu, 0] == people.family[who], alt[new_bu, 1], alt[new_bu, 0])
        new_family = np.where(same & ~change_unit, second, new_family)
        moved = change_unit | (new_family != people.family[who])
        who, new_bu, new_family, change_unit = who[moved], new_bu[moved], new_family[moved], change_unit[moved]
        people.family[who] = new_family
        people.dept[who[change_unit]] = self._department(new_bu[change_unit])
        people.bu[who] = new_bu
        self._event(who, f + rng.integers(0, days_t, size=len(who)), LATERAL)

    def _mask(self, idx: np.ndarray, fy: int) -> np.ndarray:
        """Engagement history through next year: engaged bits of past and current years, and the drawn
        bit of next year (a current leader is assumed to stay one)."""
        people = self.people
        upto = (1 << (fy + 2)) - 1
        return people.ubits[idx] & (people.lbits[idx] | (1 << (fy + 1))) & upto

    def _assign_managers(self, fy: int) -> None:
        rng, people, n = self.rng, self.people, self.n
        act = people.term[:n] == INF
        lvl = people.level[:n].astype(np.int64)
        m = people.manager[:n]
        mm = np.maximum(m, 0)
        pool = np.where(lvl <= IC3, MANAGER, EXECUTIVE)
        bad = act & (lvl < EXECUTIVE) & ((m < 0) | (people.term[mm] != INF) | (people.bu[mm] != people.bu[:n])
                                 | (people.level[mm] != pool))
        who = np.flatnonzero(bad)
        if len(who) == 0:
            return
        cand = np.flatnonzero(act & (lvl >= MANAGER))
        team = np.bincount(m[act & (m >= 0)], minlength=n)
        weight = 1.0 / (team[cand] + 1.0) ** 2
        c_base = lvl[cand] * 8 + people.bu[cand]
        c_key = (c_base << 16) | self._mask(cand, fy)
        q_base = pool[who] * 8 + people.bu[who]
        old = m[who]
        res = np.full(len(who), -1, dtype=np.int64)
        with_old = np.flatnonzero(old >= 0)
        res[with_old] = pick_matching(rng, cand, c_key, weight, (q_base[with_old] << 16) | self._mask(old[with_old], fy))
        res[(res >= 0) & (team[np.maximum(res, 0)] >= 14)] = -1  # a rare history must not pile up one team
        rest = np.flatnonzero(res < 0)
        res[rest] = pick_matching(rng, cand, c_base, weight, q_base[rest])
        rest = np.flatnonzero((res < 0) | (res == who))
        res[rest] = pick_matching(rng, cand, people.bu[cand].astype(np.int64), weight, people.bu[who[rest]].astype(np.int64))
        res[res == who] = -1
        people.manager[who] = res

    def _apply_completions(self, month: int) -> None:
        """Completions dated in `month` (validated against leaving) update the flags effects 1-2 read."""
        people = self.people
        for emp, day, lead in self.buckets.pop(month, []):
            ok = people.term[emp] > day
            emp, day, lead = emp[ok], day[ok], lead[ok]
            np.maximum.at(people.last_comp, emp, day)
            np.minimum.at(people.lead_done, emp[lead], day[lead])

    def _enrol(self, t: int, f: int, end_day: int, fy: int, hired: np.ndarray, new_managers: np.ndarray,
               day_of_new_manager: np.ndarray) -> None:
        cal, progs, rng, people = self.cal, self.progs, self.rng, self.people
        n, days_t = self.n, end_day - f + 1
        idx = np.flatnonzero((people.hire[:n] <= end_day) & (people.term[:n] > f))
        group = people.family[idx].astype(np.int64) * 5 + people.level[idx]
        a_t = self.a[:, f - cal.s0: end_day - cal.s0 + 1]
        f_t = a_t.mean(axis=1)
        # Optional programmes: rate = propensity × weights × month intensity.
        w_opt = progs.w_optional * f_t[None, :]
        mu = OPTIONAL_RATE * people.prop[idx] * days_t / 365.0 * w_opt.sum(axis=1)[group]
        cnt = rng.poisson(mu)
        emp_o = np.repeat(idx, cnt)
        prog_o = row_choice(normalised_cumsum(w_opt), np.repeat(group, cnt), rng)
        # Compliance: the same for everyone.
        w_c = progs.w_compliance * f_t
        cnt = rng.poisson(COMPLIANCE_RATE * days_t / 365.0 * w_c.sum(), size=len(idx))
        emp_c = np.repeat(idx, cnt)
        prog_c = row_choice(normalised_cumsum(w_c)[None, :], np.zeros(len(emp_c), dtype=np.int64), rng)
        emp = np.concatenate([emp_o, emp_c])
        prog = np.concatenate([prog_o, prog_c])
        day = f + row_choice(normalised_cumsum(a_t), prog, rng)
        ok = (day >= people.hire[emp]) & (day < people.term[emp])
        emp, prog, day = emp[ok], prog[ok], day[ok]
        # Onboarding: at hire, and on becoming a manager.
        w1 = hired[rng.random(len(hired)) < 0.95]
        w2 = hired[rng.random(len(hired)) < 0.80]
        w3 = rng.random(len(new_managers)) < 0.80
        emp = np.concatenate([emp, w1, w2, new_managers[w3]])
        prog = np.concatenate([prog, np.full(len(w1), ONBOARD_WELCOME), np.full(len(w2), ONBOARD_SYSTEMS),
                               np.full(w3.sum(), ONBOARD_MANAGER)])
        day = np.concatenate([day, people.hire[w1] + rng.integers(0, 15, size=len(w1)),
                              people.hire[w2] + rng.integers(0, 20, size=len(w2)),
                              day_of_new_manager[w3] + rng.integers(0, 30, size=w3.sum())])
        # An optional programme is not taken again within REFRESH_DAYS, onboarding only once.
        key = emp * progs.n + prog
        once = ~progs.is_comp[prog]
        _, first = np.unique(key, return_index=True)
        is_first = np.zeros(len(key), dtype=bool)
        is_first[first] = True
        keep = (~once | (is_first & (day >= self.blocked[key]))) & (day <= cal.e0)
        emp, prog, day, key = emp[keep], prog[keep], day[keep], key[keep]
        again = ~progs.is_comp[prog]
        self.blocked[key[again]] = np.where(progs.is_onboard[prog[again]], INF, day[again] + REFRESH_DAYS)
        # Outcomes (effect 6: the manager's engagement in the due year).
        k = len(emp)
        due_off = rng.integers(30, 91, size=k)
        due = day + due_off
        fy_due = cal.fy_of(due)
        mgr = people.manager[emp]
        mg = np.maximum(mgr, 0)
        ubit = (people.ubits[mg] >> fy_due) & 1
        lbit = ((people.lbits[mg] >> fy_due) & 1) | (fy_due > fy)
        engaged = np.where(mgr < 0, -1, ubit & lbit).astype(np.int8)
        p = np.where(engaged < 0, COMPLETE_NO_MANAGER, np.where(engaged == 1, COMPLETE_ENGAGED, COMPLETE_OTHER))
        will = rng.random(k) < p
        duration = np.minimum(np.maximum(1, np.round(rng.gamma(2.2, 15.0, size=k))).astype(np.int64), due_off)
        drop = rng.integers(7, due_off + 1)
        end = day + np.where(will, duration, drop)
        self.enrol.append((emp, prog, day, due, will, end, engaged))
        done = will & (end <= cal.e0)
        month = cal.month_of(end[done])
        lead = progs.is_lead[prog[done]]
        for m in np.unique(month):
            sel = month == m
            self.buckets.setdefault(int(m), []).append((emp[done][sel], end[done][sel], lead[sel]))


