"""Every other table, drawn from the simulated workforce and enrolments (effects 3, 4, 7, 8, 9)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ld_dash import schema
from ld_dash.demo.calendar import Calendar, date_of, day_number
from ld_dash.demo.catalogue import (
    APPLIED_ENGAGED_BONUS,
    CAMPAIGN_CHANNELS,
    CHANGE_IF_LOW,
    CHANGE_OTHERWISE,
    CHANNEL_RATES,
    COMMENTS_GOOD,
    COMMENTS_MIXED,
    COMMENTS_POOR,
    CULTURE_MEAN,
    CULTURE_TEXTS,
    FIND_LEARNING,
    FIND_LEARNING_SHARES,
    CULTURE_QUESTIONS,
    DEPARTMENTS,
    FAMILIES,
    IDEA_LEARNER_FACTOR,
    IDEA_RATE,
    INF,
    LEVELS,
    LOW_SATISFACTION,
    OBJECTIVES,
    PATHWAYS,
    PERFORMANCE_BONUS,
    PROGRAMME_INDEX,
    PROGRAMMES,
    REGIONS,
    REQUIRED_LEVEL,
    REQUIRED_SKILL,
    REQUIREMENTS,
    REVISE_IMPROVEMENT,
    REVISIONS,
    SALARY_BASE,
    SCORE_GAIN,
    SCORE_PRE,
    SKILL_DOWN_OTHER,
    SKILL_INDEX,
    SKILL_UP_LINKED,
    SKILL_UP_OTHER,
    SKILLS,
    UNIT_NAMES,
)
from ld_dash.demo.columns import code_column, date_column, label_column, nullable_int_column, serial_ids
from ld_dash.demo.programmes import Programmes
from ld_dash.demo.sampling import row_choice, sorted_unique
from ld_dash.demo.state import (
    CHANGE_TYPES,
    COMPLETED,
    DROPPED,
    ENROLLED,
    EXECUTIVE,
    IN_PROGRESS,
    LEAVING_REASONS,
    MANAGER,
    VOLUNTARY,
    Enrolments,
    JobEvents,
    People,
)
from ld_dash.periods import add_months


class History:
    """Job history as sorted events: attributes of an employee on a day."""

    def __init__(self, events: JobEvents):
        self.key = events.emp * 65536 + events.day
        self.events = events

    def at(self, emp: np.ndarray, day: np.ndarray) -> np.ndarray:
        return np.maximum(np.searchsorted(self.key, emp * 65536 + day, side="right") - 1, 0)


def completion_index(emp: np.ndarray, day: np.ndarray) -> np.ndarray:
    return np.sort(emp.astype(np.int64) * 65536 + day)


def count_between(index: np.ndarray, emp: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Entries of `index` for each employee with lo ≤ day < hi."""
    base = emp.astype(np.int64) * 65536
    return np.searchsorted(index, base + hi, side="left") - np.searchsorted(index, base + lo, side="left")



def enrolment_outcomes(enrolments: Enrolments, people: People, progs: Programmes,
                        cal: Calendar, rng: np.random.Generator):
    """Status, learning hours and scores. 0 completed, 1 dropped, 2 in progress, 3 enrolled."""
    k = len(enrolments.emp)
    term = people.term[enrolments.emp]
    finished = enrolments.end <= cal.e0
    completed = enrolments.will & finished & (enrolments.end < term)
    dropped = ~completed & ((term <= cal.e0) | (~enrolments.will & finished))
    open_ = ~completed & ~dropped
    not_started = open_ & ((enrolments.day > cal.e0 - 14) | (rng.random(k) < 0.25))
    status = np.select([completed, dropped, not_started], [COMPLETED, DROPPED, ENROLLED], default=IN_PROGRESS).astype(np.int64)
    p = enrolments.prog
    nominal = progs.hours_lo[p] + (progs.hours_hi[p] - progs.hours_lo[p]) * rng.random(k)
    share = np.select([status == COMPLETED, status == DROPPED, status == IN_PROGRESS], [rng.uniform(0.9, 1.1, k), rng.uniform(0, 0.5, k),
                                                                rng.uniform(0.1, 0.8, k)], default=0.0)
    hours = np.round(nominal * share * 2) / 2
    tested = progs.has_test[p] & (status != ENROLLED)
    pre = np.clip(np.round(rng.normal(*SCORE_PRE, size=k)), 0, 100)
    post = np.clip(np.round(pre + rng.normal(*SCORE_GAIN, size=k)), 0, 100)
    return (status, hours, np.where(tested, pre, np.nan), np.where(tested & (status == COMPLETED), post, np.nan))


def employees_table(people: People, emp_ids: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    level = people.level.astype(np.int64)
    salary = np.round(SALARY_BASE[level] * np.exp(0.15 * people.zsal), -2)
    left = people.term < INF
    return pd.DataFrame({
        "employee_id": emp_ids,
        "manager_id": pd.array(np.where(people.manager >= 0, emp_ids[np.maximum(people.manager, 0)], None),
                               dtype=object),
        "business_unit": label_column(people.bu, UNIT_NAMES),
        "department": label_column(people.dept, DEPARTMENTS),
        "region": label_column(people.region, REGIONS),
        "job_level": label_column(level, LEVELS),
        "role_family": label_column(people.family, FAMILIES),
        "is_people_leader": level >= MANAGER,
        "hire_date": date_column(people.hire),
        "termination_date": date_column(people.term, left),
        "termination_reason": label_column(np.where(left, people.reason.astype(np.int64) - VOLUNTARY, -1),
                                      LEAVING_REASONS),
        "annual_salary": salary,
    })


def job_changes_table(events: JobEvents, emp_ids: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "employee_id": code_column(events.emp, emp_ids),
        "effective_on": date_column(events.day),
        "job_level": label_column(events.level, LEVELS),
        "role_family": label_column(events.family, FAMILIES),
        "business_unit": label_column(events.bu, UNIT_NAMES),
        "is_people_leader": events.level >= MANAGER,
        "change_type": label_column(events.kind, CHANGE_TYPES),
    })


def objectives_tables(cal: Calendar, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, readings = [], []
    as_of_fy_end = int(cal.fy_ends[cal.n_fy - 1])
    for oid, prio, goal, kpi, unit, base, target, owner, contrib, pace, extra in OBJECTIVES:
        target_day = day_number(add_months(date_of(as_of_fy_end), 12 * extra))
        rows.append({"objective_id": oid, "priority": prio, "business_goal": goal, "kpi_name": kpi,
                     "kpi_unit": unit, "baseline_value": base, "target_value": target,
                     "baseline_date": cal.start, "target_date": date_of(target_day), "owner": owner,
                     "expected_learning_contribution": contrib})
        ends = cal.last
        frac = (ends - cal.s0) / (target_day - cal.s0)
        # Ahead (pace > 1) bends above the line early, behind (< 1) lags it; small monthly noise.
        path = frac * pace + 0.02 * np.sin(np.arange(len(ends)) / 2.0)
        noise = rng.normal(0, 0.015, size=len(ends))
        value = base + (target - base) * (path + noise)
        if unit == "markets":
            value = np.floor(np.clip(value, 0, target) + 0.2)
        decimals = 0 if unit in ("findings", "markets") else 1
        value = np.round(value, decimals)
        for d, v in zip(ends, value):
            readings.append({"objective_id": oid, "measured_on": date_of(d), "value": float(v)})
    return pd.DataFrame(rows), pd.DataFrame(readings)


def draw_sponsors(people: People, cal: Calendar, progs: Programmes, rng: np.random.Generator) -> np.ndarray:
    """An executive employed at as_of for 28 of the 40 programmes (−1 for the rest)."""
    execs = np.flatnonzero((people.level == EXECUTIVE) & (people.term == INF))
    out = np.full(progs.n, -1, dtype=np.int64)
    chosen = rng.permutation(progs.n)[: int(round(0.7 * progs.n))]
    if len(execs):
        out[np.sort(chosen)] = rng.choice(execs, size=len(chosen))
    return out


def programs_table(progs: Programmes, sponsors: np.ndarray, emp_ids: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "program_id": progs.ids,
        "name": [p.name for p in PROGRAMMES],
        "category": [p.category for p in PROGRAMMES],
        "delivery_mode": [p.mode for p in PROGRAMMES],
        "objective_id": [p.objective for p in PROGRAMMES],
        "pathway_id": [PATHWAYS[k][0] if k >= 0 else None for k in progs.pathway],
        "executive_sponsor_id": [None if s < 0 else emp_ids[s] for s in sponsors],
        "owner": [p.owner for p in PROGRAMMES],
        "launched_on": date_column(progs.launch),
        "retired_on": date_column(np.where(progs.retire < INF, progs.retire, 0), progs.retire < INF),
        "review_cycle_months": [p.review_cycle for p in PROGRAMMES],
        "is_compliance": progs.is_comp,
        "is_leadership": progs.is_lead,
    })


def program_skills_table(progs: Programmes) -> pd.DataFrame:
    rows = [{"program_id": progs.ids[i], "skill_id": SKILLS[SKILL_INDEX[s]][0]}
            for i, p in enumerate(PROGRAMMES) if not progs.is_comp[i] for s in p.skills]
    return pd.DataFrame(rows)


def pathway_tables(progs: Programmes) -> tuple[pd.DataFrame, pd.DataFrame]:
    paths = pd.DataFrame([{"pathway_id": pid, "name": name, "role_family": fam, "target_job_level": lvl}
                          for pid, name, fam, lvl, _ in PATHWAYS])
    steps = pd.DataFrame([{"pathway_id": pid, "step_no": s + 1, "program_id": progs.ids[PROGRAMME_INDEX[name]]}
                          for pid, _, _, _, names in PATHWAYS for s, name in enumerate(names)])
    return paths, steps


def feedback_and_reviews(enrolments: Enrolments, en_ids: np.ndarray, people: People,
                          progs: Programmes, cal: Calendar, rng: np.random.Generator
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses to ~55 % of completions; reviews whose outcome reads the responses before them (effect 9),
    and whose revisions lift the programme's later satisfaction."""
    done = np.flatnonzero(enrolments.completed)
    respond = done[rng.random(len(done)) < 0.55]
    day = enrolments.end[respond] + rng.geometric(0.35, size=len(respond)) - 1
    ok = (day <= cal.e0) & (day < people.term[enrolments.emp[respond]])
    respond, day = respond[ok], day[ok]
    order = np.lexsort((respond, day))
    respond, day = respond[order], day[order]
    k = len(respond)
    prog = enrolments.prog[respond]
    z = rng.normal(0, 0.75, size=k)
    lift = np.zeros(k)

    reviews = []
    for p in range(progs.n):
        spec = PROGRAMMES[p]
        cycle = spec.review_cycle
        launch, retire = date_of(progs.launch[p]), progs.retire[p]
        dates = []
        r = add_months(launch, cycle)
        while day_number(r) <= cal.e0:
            dates.append(day_number(r))
            r = add_months(r, cycle) + dt.timedelta(days=int(np.clip(round(rng.normal(7, 15)), -20, 45)))
        dates = [d for d in dates if d >= cal.s0 - 730 and d < retire - 30]
        retire_review = None
        if retire < INF:
            retire_review = int(retire - rng.integers(7, 30))
            dates.append(retire_review)
        reviews.append((p, dates, retire_review))
    # About 15 % of programmes live at as_of are overdue: their reviews stopped a while ago.
    live = [p for p in range(progs.n) if progs.retire[p] == INF
            and day_number(add_months(date_of(progs.launch[p]), PROGRAMMES[p].review_cycle)) < cal.e0 - 90]
    overdue = set(rng.choice(live, size=int(round(0.15 * len(live))), replace=False).tolist())
    rows = []
    for p, dates, retire_review in reviews:
        if p in overdue:
            cutoff = day_number(add_months(cal.as_of, -PROGRAMMES[p].review_cycle)) - int(rng.integers(10, 90))
            dates = [d for d in dates if d < cutoff]
        mine = np.flatnonzero(prog == p)
        for d in sorted(dates):
            back = day_number(add_months(date_of(d), -12))
            window = mine[(day[mine] >= back) & (day[mine] < d)]
            if len(window):
                sat = np.clip(np.round(progs.quality[p] + lift[window] + z[window]), 1, 5)
                low = sat.mean() < LOW_SATISFACTION
            else:
                low = False
            change = rng.random() < (CHANGE_IF_LOW if low else CHANGE_OTHERWISE)
            if d == retire_review:
                outcome = "retire"
            elif change:
                outcome = "revise"
                later = mine[day[mine] > d]
                lift[later] = np.minimum(lift[later] + REVISE_IMPROVEMENT,
                                         max(0.0, 4.4 - progs.quality[p]))
            else:
                outcome = "continue"
            rows.append({"program_id": progs.ids[p], "reviewed_on": date_of(d), "outcome": outcome,
                         "changes_made": (REVISIONS[int(rng.integers(len(REVISIONS)))] if outcome == "revise"
                                          else "Programme retired; learners pointed to its successor"
                                          if outcome == "retire" else None),
                         "reviewer": PROGRAMMES[p].owner if rng.random() < 0.7 else "L&D Governance Board"})
    review_df = pd.DataFrame(rows).sort_values(["reviewed_on", "program_id"], kind="stable").reset_index(drop=True)
    review_df.insert(0, "review_id", serial_ids("RV-", len(review_df), 4))

    latent = progs.quality[prog] + lift + z
    sat = np.clip(np.round(latent), 1, 5).astype(np.int64)
    relevance = np.clip(np.round(latent - 0.1 + rng.normal(0, 0.6, k)), 1, 5).astype(np.int64)
    nps = np.clip(np.round(8.5 + 1.9 * (latent - 4.2) + rng.normal(0, 1.3, k)), 0, 10).astype(np.int64)
    intent = np.clip(np.round(latent - 0.05 + rng.normal(0, 0.7, k)), 1, 5).astype(np.int64)
    engaged = (enrolments.engaged[respond] == 1).astype(float)
    applied_latent = (3.4 + APPLIED_ENGAGED_BONUS * engaged + 0.4 * (progs.quality[prog] + lift - 4.2)
                      + rng.normal(0, 0.9, k))
    applied_ok = day + 90 <= cal.e0
    applied = np.clip(np.round(applied_latent), 1, 5).astype(np.int64)
    conf_ok = rng.random(k) < 0.7
    confidence = np.where(conf_ok, 10.0 * rng.integers(4, 11, size=k), np.nan)
    has_comment = rng.random(k) < 0.3
    pools = (COMMENTS_POOR, COMMENTS_MIXED, COMMENTS_GOOD)
    tone = np.select([sat <= 2, sat == 3], [0, 1], default=2)
    all_comments = np.array(COMMENTS_POOR + COMMENTS_MIXED + COMMENTS_GOOD, dtype=object)
    offsets = np.array([0, len(COMMENTS_POOR), len(COMMENTS_POOR) + len(COMMENTS_MIXED)])
    sizes = np.array([len(x) for x in pools])
    pick = offsets[tone] + (rng.random(k) * sizes[tone]).astype(np.int64)
    feedback = pd.DataFrame({
        "response_id": serial_ids("FB", k, max(7, len(str(k)))),
        "enrollment_id": en_ids[respond],
        "responded_on": date_column(day),
        "satisfaction": sat,
        "relevance": relevance,
        "nps": nps,
        "intent_to_apply": intent,
        "applied_on_job_90d": nullable_int_column(applied, applied_ok),
        "confidence_pct": confidence,
        "comment": code_column(np.where(has_comment, pick, -1), all_comments),
    })
    return feedback, review_df


_COST_PER_HOUR = {  # cost type: amount per delivered learning hour, by delivery mode
    "classroom": {"delivery": 48.0, "venue": 16.0, "travel": 22.0},
    "blended": {"delivery": 38.0, "venue": 6.0, "travel": 5.0},
    "virtual": {"delivery": 34.0},
    "e-learning": {"delivery": 4.0},
    "VR": {"delivery": 8.0},
    "mentoring": {"delivery": 14.0},
}
_LICENCE_PER_HEAD = {"e-learning": 0.10, "VR": 0.30}  # per employee per month
_DESIGN = {"classroom": 25_000, "blended": 40_000, "virtual": 15_000, "e-learning": 30_000, "VR": 120_000,
           "mentoring": 5_000}


def costs_table(enrolments: Enrolments, hours: np.ndarray, people: People, progs: Programmes,
                 cal: Calendar, rng: np.random.Generator) -> pd.DataFrame:
    """Design at launch; monthly delivery, venue and travel per delivered hour (vendors take 60 % of
    delivery), and licences per head for e-learning and VR: about 40-80 per completed learning hour."""
    n_m = len(cal.first)
    month = cal.month_of(enrolments.day)
    delivered = np.zeros((progs.n, n_m))
    np.add.at(delivered, (enrolments.prog, month), hours)
    heads = headcount(people, cal.last)
    prog_out, day_out, type_out, amount_out = [], [], [], []
    types = ("design", "delivery", "vendor", "licence", "venue", "travel", "other")
    for p, spec in enumerate(PROGRAMMES):
        mode = spec.mode
        prog_out.append(p)
        day_out.append(int(progs.launch[p]))
        type_out.append(0)
        amount_out.append(_DESIGN[mode] * float(np.exp(rng.normal(0, 0.25))))
        live = (cal.last >= progs.launch[p]) & (cal.first < progs.retire[p])
        for ctype, rate in _COST_PER_HOUR[mode].items():
            amount = delivered[p] * rate * np.exp(rng.normal(0, 0.1, n_m))
            if ctype == "delivery" and spec.vendor:
                for name, share in (("delivery", 0.4), ("vendor", 0.6 * 1.15)):
                    m = np.flatnonzero(amount > 0)
                    prog_out += [p] * len(m)
                    day_out += list(cal.last[m])
                    type_out += [types.index(name)] * len(m)
                    amount_out += list(amount[m] * share)
                continue
            m = np.flatnonzero(amount > 0)
            prog_out += [p] * len(m)
            day_out += list(cal.last[m])
            type_out += [types.index(ctype)] * len(m)
            amount_out += list(amount[m])
        if mode in _LICENCE_PER_HEAD:
            m = np.flatnonzero(live)
            prog_out += [p] * len(m)
            day_out += list(cal.first[m])
            type_out += [types.index("licence")] * len(m)
            amount_out += list(_LICENCE_PER_HEAD[mode] * heads[m] * np.exp(rng.normal(0, 0.05, len(m))))
        if mode == "VR":
            prog_out.append(p)
            day_out.append(int(progs.launch[p]) + 14)
            type_out.append(types.index("other"))  # headsets
            amount_out.append(float(heads[-1]) * 4.0)
    df = pd.DataFrame({"program_id": code_column(np.array(prog_out), progs.ids),
                       "incurred_on": date_column(np.array(day_out)),
                       "cost_type": label_column(np.array(type_out), types),
                       "amount": np.round(np.array(amount_out, dtype=float), 2)})
    return df.sort_values(["incurred_on", "program_id", "cost_type"], kind="stable").reset_index(drop=True)


def headcount(people: People, days: np.ndarray, unit: np.ndarray | None = None) -> np.ndarray:
    """Employees employed on each day (hire ≤ day < termination), optionally of one unit code per day."""
    hires, terms = np.sort(people.hire), np.sort(people.term)
    if unit is None:
        return np.searchsorted(hires, days, side="right") - np.searchsorted(terms, days, side="right")
    out = np.zeros(len(days), dtype=np.int64)
    for b in range(len(UNIT_NAMES)):
        sel = unit == b
        mine = people.bu == b
        h, t = np.sort(people.hire[mine]), np.sort(people.term[mine])
        out[sel] = np.searchsorted(h, days[sel], side="right") - np.searchsorted(t, days[sel], side="right")
    return out


def fy_spans(people: People, cal: Calendar, fy: int) -> tuple[np.ndarray, np.ndarray]:
    """Each employee's employed days within fiscal year `fy` and the window: [lo, hi] (empty if lo > hi)."""
    lo = np.maximum.reduce([people.hire, np.full(len(people.hire), max(int(cal.fy_starts[fy]), cal.s0))])
    hi = np.minimum.reduce([people.term - 1, np.full(len(people.term), min(int(cal.fy_ends[fy]), cal.e0))])
    return lo, hi


def performance_table(people, emp_ids, comp_index, cal, rng) -> pd.DataFrame:
    """Effect 8: a year-end rating 0.2 higher (latent) for anyone who completed a programme that year."""
    person = rng.normal(0, 0.45, size=len(people.hire))
    frames = []
    for fy in range(cal.n_fy):
        end = int(cal.fy_ends[fy])
        if end > cal.e0:
            continue
        who = np.flatnonzero((people.hire <= end) & (people.term > end))
        learned = count_between(comp_index, who, np.full(len(who), int(cal.fy_starts[fy])),
                                 np.full(len(who), end + 1)) > 0
        latent = 3.15 + PERFORMANCE_BONUS * learned + person[who] + rng.normal(0, 0.55, len(who))
        rating = np.clip(np.round(latent), 1, 5).astype(np.int64)
        goal = np.clip(np.round(95 + 14 * (latent - 3.15) + rng.normal(0, 8, len(who)), 1), 40, 160)
        frames.append(pd.DataFrame({"employee_id": code_column(who, emp_ids), "period_end": date_column(np.full(len(who), end)),
                                    "rating": rating, "goal_attainment_pct": goal}))
    if not frames:
        return pd.DataFrame(columns=schema.columns("performance_reviews"))
    return pd.concat(frames, ignore_index=True)


def ideas_table(people, emp_ids, comp_index, cal, rng) -> pd.DataFrame:
    """Effect 7: ideas at 0.15 per employee-year, × 1.6 in a year with a completion."""
    emp_out, day_out = [], []
    for fy in range(cal.n_fy):
        lo, hi = fy_spans(people, cal, fy)
        who = np.flatnonzero(hi >= lo)
        lo, hi = lo[who], hi[who]
        learned = count_between(comp_index, who, np.full(len(who), int(cal.fy_starts[fy])),
                                 np.full(len(who), int(cal.fy_ends[fy]) + 1)) > 0
        rate = IDEA_RATE * np.where(learned, IDEA_LEARNER_FACTOR, 1.0) * (hi - lo + 1) / 365.25
        cnt = rng.poisson(rate)
        e = np.repeat(who, cnt)
        span = np.repeat(hi - lo + 1, cnt)
        emp_out.append(e)
        day_out.append(np.repeat(lo, cnt) + (rng.random(len(e)) * span).astype(np.int64))
    emp, day = np.concatenate(emp_out), np.concatenate(day_out)
    order = np.lexsort((emp, day))
    emp, day = emp[order], day[order]
    k = len(emp)
    age = cal.e0 - day
    u = rng.random(k)
    status = np.where(u < 0.2, 1, np.where((u < 0.6) & (age > 60), 2, 0))  # implemented / rejected / open
    status = np.where((status == 0) & (age > 365) & (rng.random(k) < 0.7), 2, status)
    valued = (status == 1) & (rng.random(k) < 0.6)
    value = np.where(valued, np.round(np.exp(rng.normal(np.log(15_000), 0.9, k)), -2), np.nan)
    return pd.DataFrame({"idea_id": serial_ids("IDEA-", k), "employee_id": code_column(emp, emp_ids),
                         "submitted_on": date_column(day),
                         "status": label_column(status, ("submitted", "implemented", "rejected")),
                         "estimated_annual_value": value})


def budgets_table(people, emp_ids, hist, cal, rng) -> pd.DataFrame:
    allocated_by_level = np.array([500.0, 750.0, 1000.0, 1500.0, 2000.0])
    frames = []
    for fy in range(cal.n_fy):
        lo, hi = fy_spans(people, cal, fy)
        who = np.flatnonzero(hi >= lo)
        level = hist.events.level[hist.at(who, hi[who])].astype(np.int64)
        allocated = allocated_by_level[level]
        fy_len = int(cal.fy_ends[fy] - cal.fy_starts[fy] + 1)
        elapsed = min(1.0, (cal.e0 - int(cal.fy_starts[fy]) + 1) / fy_len)
        spends = rng.random(len(who)) < 0.72 * (0.6 + 0.4 * elapsed)
        spent = np.where(spends, np.round(allocated * rng.beta(2.0, 2.0, len(who)) * elapsed, 2), 0.0)
        frames.append(pd.DataFrame({"employee_id": code_column(who, emp_ids),
                                    "fiscal_year": np.full(len(who), cal.fy_labels[fy], dtype=np.int64),
                                    "allocated": allocated, "spent": spent}))
    return pd.concat(frames, ignore_index=True)


def activity_table(people, emp_ids, progs, cal, rng) -> pd.DataFrame:
    """About 55 % of employees active in a month, ~2.8 days each, on 1-2 platforms a day. Mobile adoption
    grows from 10 % to 45 % of people over the window; VR from the VR programme's launch (6 % of people)."""
    platforms = ("LMS", "mobile", "virtual classroom", "VR", "content library")
    n = len(people.hire)
    p_active = np.clip(0.33 + 0.22 * people.prop, 0.05, 0.97)
    u_mobile, u_vr = rng.random(n), rng.random(n)
    vr_launch = int(progs.launch[progs.mode == "VR"].min()) if (progs.mode == "VR").any() else INF
    emp_out, day_out, plat_out = [], [], []
    span_days = max(1, cal.e0 - cal.s0)
    for t, (f, end_day) in enumerate(zip(cal.first, cal.last)):
        lo = np.maximum(people.hire, f)
        hi = np.minimum(people.term - 1, end_day)
        who = np.flatnonzero((hi >= lo) & (rng.random(n) < p_active))
        lo, hi = lo[who], hi[who]
        k = np.minimum(1 + rng.poisson(1.8, len(who)), hi - lo + 1)
        emp = np.repeat(who, k)
        day = np.repeat(lo, k) + (rng.random(len(emp)) * np.repeat(hi - lo + 1, k)).astype(np.int64)
        key = sorted_unique(emp * 64 + (day - f))
        emp, day = key // 64, key % 64 + f
        m = len(emp)
        plat = row_choice(np.array([[0.5, 0.5, 0.67, 0.67, 1.0]]), np.zeros(m, dtype=np.int64), rng)
        mobile_share = 0.10 + 0.35 * ((f + end_day) / 2 - cal.s0) / span_days
        adopter = u_mobile[emp] < mobile_share
        plat = np.where(adopter & (rng.random(m) < 0.5), 1, plat)
        plat = np.where((day >= vr_launch) & (u_vr[emp] < 0.06) & (rng.random(m) < 0.3), 3, plat)
        second = rng.random(m) < 0.15
        emp2, day2 = emp[second], day[second]
        plat2 = np.where(rng.random(second.sum()) < 0.5, 0, 4)
        emp_all = np.concatenate([emp, emp2])
        day_all = np.concatenate([day, day2])
        plat_all = np.concatenate([plat, plat2])
        key = sorted_unique((emp_all * 64 + (day_all - f)) * 8 + plat_all)
        emp_out.append(key // 512)
        day_out.append((key // 8) % 64 + f)
        plat_out.append(key % 8)
    emp, day, plat = np.concatenate(emp_out), np.concatenate(day_out), np.concatenate(plat_out)
    k = len(emp)
    sessions = 1 + rng.poisson(0.5, k)
    minutes = np.round(sessions * np.clip(np.exp(rng.normal(np.log(22), 0.5, k)), 5, 90), 1)
    # Events (clicks, page views) about one a minute, from their own random stream: the other tables do
    # not move with them.
    events = np.random.default_rng(len(emp)).poisson(minutes)
    return pd.DataFrame({"employee_id": code_column(emp, emp_ids), "activity_on": date_column(day),
                         "platform": label_column(plat, platforms), "sessions": sessions.astype(np.int64),
                         "minutes": minutes, "events": events.astype(np.int64)})


def skill_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    skills = pd.DataFrame([{"skill_id": sid, "name": name, "category": cat, "is_strategic": strat}
                           for sid, name, cat, strat in SKILLS])
    reqs = pd.DataFrame([{"role_family": f, "skill_id": SKILLS[SKILL_INDEX[s]][0], "required_level": lv}
                         for f in FAMILIES for s, lv in REQUIREMENTS[f]])
    return skills, reqs


def assessments_table(people, emp_ids, hist, enrolments, progs, cal, rng) -> pd.DataFrame:
    """Effect 4: annual assessments of the role's five skills; +1 with p 0.7 after a linked completion."""
    n, n_sk = len(people.hire), len(SKILLS)
    link = np.zeros((progs.n, n_sk), dtype=bool)
    for i, p in enumerate(PROGRAMMES):
        if not progs.is_comp[i]:
            for s in p.skills:
                link[i, SKILL_INDEX[s]] = True
    done = np.flatnonzero(enrolments.completed)
    pp, ss = np.nonzero(link[enrolments.prog[done]])
    pair_index = np.sort((enrolments.emp[done][pp].astype(np.int64) * n_sk + ss) * 65536 + enrolments.end[done][pp])
    last_level = np.zeros(n * n_sk, dtype=np.int64)
    last_day = np.zeros(n * n_sk, dtype=np.int64)
    offset_day = rng.integers(0, 365, size=n)
    source_names = ("manager review", "self", "test")
    frames = []
    for fy in range(cal.n_fy):
        day = int(cal.fy_starts[fy]) + offset_day + rng.integers(-10, 11, size=n)
        day = np.minimum(day, int(cal.fy_ends[fy]))
        who = np.flatnonzero((day >= cal.s0) & (day <= cal.e0) & (people.hire <= day) & (people.term > day)
                             & (rng.random(n) < 0.85))
        d = day[who]
        fam = hist.events.family[hist.at(who, d)].astype(np.int64)
        emp = np.repeat(who, 5)
        d5 = np.repeat(d, 5)
        skill = REQUIRED_SKILL[fam].ravel()
        required = REQUIRED_LEVEL[fam].ravel()
        pair = emp.astype(np.int64) * n_sk + skill
        prev = last_level[pair]
        base = pair * 65536
        linked = (np.searchsorted(pair_index, base + d5, side="left")
                  - np.searchsorted(pair_index, base + last_day[pair], side="left")) > 0
        u = rng.random(len(pair))
        first = np.clip(required + rng.choice([-2, -1, 0, 1], size=len(pair), p=[0.15, 0.35, 0.4, 0.1]), 1, 5)
        step = np.where(linked, (u < SKILL_UP_LINKED).astype(np.int64),
                        np.where(u < SKILL_UP_OTHER, 1, np.where(u < SKILL_UP_OTHER + SKILL_DOWN_OTHER, -1, 0)))
        level = np.where(prev > 0, np.clip(prev + step, 1, 5), first)
        last_level[pair] = level
        last_day[pair] = d5
        source = np.repeat(rng.choice(3, size=len(who), p=[0.6, 0.25, 0.15]), 5)
        frames.append(pd.DataFrame({"employee_id": code_column(emp, emp_ids),
                                    "skill_id": label_column(skill, np.array([s[0] for s in SKILLS], dtype=object)),
                                    "assessed_on": date_column(d5), "level": level,
                                    "source": label_column(source, source_names)}))
    out = pd.concat(frames, ignore_index=True)
    return out


def leader_table(people, emp_ids, progs, sponsors, cal, rng) -> pd.DataFrame:
    """Engaged leader-years (drawn 60 %) each get ≥ 1 activity; ~25 % of them teach (2-16 h a session)."""
    emp_out, prog_out, day_out, act_out, hours_out = [], [], [], [], []
    optional = np.flatnonzero(progs.is_optional & (progs.launch < cal.s0) & (progs.retire == INF))
    leadership = np.flatnonzero(progs.is_lead)
    mentoring = np.flatnonzero(progs.mode == "mentoring")
    sponsored_by: dict[int, np.ndarray] = {}
    for p, s in enumerate(sponsors):
        if s >= 0:
            sponsored_by.setdefault(int(s), np.empty(0, dtype=np.int64))
            sponsored_by[int(s)] = np.append(sponsored_by[int(s)], p)
    sponsor_of = np.full(len(people.hire), -1, dtype=np.int64)
    for s, ps in sorted(sponsored_by.items()):
        sponsor_of[s] = ps[0]
    for fy in range(cal.n_fy):
        engaged = ((people.ubits >> fy) & 1) & ((people.lbits >> fy) & 1)
        lo = np.maximum.reduce([people.hire, people.leader_since, np.full(len(people.hire), max(cal.s0, int(cal.fy_starts[fy])))])
        hi = np.minimum(people.term - 1, min(cal.e0, int(cal.fy_ends[fy])))
        who = np.flatnonzero((engaged == 1) & (hi >= lo))
        lo, hi = lo[who], hi[who]
        m = len(who)

        def add(emps, spans_lo, spans_hi, prog, activity, hrs):
            emp_out.append(emps)
            day_out.append(spans_lo + (rng.random(len(emps)) * (spans_hi - spans_lo + 1)).astype(np.int64))
            prog_out.append(prog)
            act_out.append(np.full(len(emps), activity))
            hours_out.append(hrs)

        cnt = 1 + rng.poisson(1.0, m)  # attended
        e = np.repeat(np.arange(m), cnt)
        pick = np.where(rng.random(len(e)) < 0.6, rng.choice(leadership, len(e)), rng.choice(optional, len(e)))
        add(who[e], lo[e], hi[e], pick, 0, np.round(rng.uniform(2, 8, len(e)) * 2) / 2)
        teach = rng.random(m) < 0.25
        cnt = np.where(teach, 1 + rng.poisson(0.6, m), 0)
        e = np.repeat(np.arange(m), cnt)
        add(who[e], lo[e], hi[e], rng.choice(optional, len(e)), 1, np.round(rng.uniform(2, 16, len(e)) * 2) / 2)
        sponsor = (people.level[who] == EXECUTIVE) & (rng.random(m) < 0.7)
        e = np.repeat(np.arange(m), np.where(sponsor, 1 + rng.poisson(0.5, m), 0))
        own = sponsor_of[who[e]]
        add(who[e], lo[e], hi[e], np.where(own >= 0, own, rng.choice(optional, len(e))), 2,
            np.round(rng.uniform(1, 4, len(e)) * 2) / 2)
        coach = rng.random(m) < 0.4
        e = np.repeat(np.arange(m), np.where(coach, 1 + rng.poisson(1.0, m), 0))
        add(who[e], lo[e], hi[e], rng.choice(mentoring, len(e)), 3, np.round(rng.uniform(1, 3, len(e)) * 2) / 2)
    emp, day, prog = np.concatenate(emp_out), np.concatenate(day_out), np.concatenate(prog_out)
    act, hours = np.concatenate(act_out), np.concatenate(hours_out)
    order = np.lexsort((act, emp, day))
    return pd.DataFrame({"leader_id": code_column(emp[order], emp_ids), "program_id": code_column(prog[order], progs.ids),
                         "activity_on": date_column(day[order]),
                         "activity": label_column(act[order], ("attended", "taught", "sponsored", "coached")),
                         "hours": hours[order]})


def culture_table(people, hist, cal, rng) -> pd.DataFrame:
    """A May survey (5 questions) and a November pulse (3) each year; 60 % answer; ids per survey."""
    frames = []
    n = len(people.hire)
    for year in range(cal.start.year, cal.as_of.year + 1):
        for month, questions in ((5, (0, 1, 2, 3, 4)), (11, (0, 1, 2))):
            d = day_number(dt.date(year, month, 15))
            if d < cal.s0 or d > cal.e0:
                continue
            who = np.flatnonzero((people.hire <= d) & (people.term > d) & (rng.random(n) < 0.6))
            who = who[rng.permutation(len(who))]
            at = hist.at(who, np.full(len(who), d))
            ids = np.array([f"S{year}{month:02d}-{i:06d}" for i in range(1, len(who) + 1)], dtype=object)
            q = np.array(questions)
            resp = np.repeat(np.arange(len(who)), len(q))
            qq = np.tile(q, len(who))
            trend = 0.08 * (year - cal.start.year)
            score = np.clip(np.round(CULTURE_MEAN[qq] + trend + rng.normal(0, 0.9, len(qq))), 1, 5).astype(np.int64)
            frames.append(pd.DataFrame({
                "respondent_id": ids[resp],
                "business_unit": label_column(hist.events.bu[at][resp], UNIT_NAMES),
                "region": label_column(people.region[who][resp], REGIONS),
                "job_level": label_column(hist.events.level[at][resp], LEVELS),
                "surveyed_on": date_column(np.full(len(qq), d)),
                "question_key": label_column(qq, CULTURE_QUESTIONS),
                "score": score}))
            if month == 11:
                frames.append(_find_learning_answers(ids, who, at, people, hist, d, year))
    frame = pd.concat(frames, ignore_index=True)
    frame["employee_id"] = None  # anonymous: the answers carry unit, region and level instead
    return frame


def _find_learning_answers(ids, who, at, people, hist, d, year) -> pd.DataFrame:
    """The pulse's own-scale question, answered by everyone who answered the pulse."""
    rng = np.random.default_rng(year)  # its own stream: the other tables do not move with it
    answer = rng.choice(np.array([1, 2, 3, 4, 9]), size=len(who), p=FIND_LEARNING_SHARES)
    return pd.DataFrame({
        "respondent_id": ids,
        "business_unit": label_column(hist.events.bu[at], UNIT_NAMES),
        "region": label_column(people.region[who], REGIONS),
        "job_level": label_column(hist.events.level[at], LEVELS),
        "surveyed_on": date_column(np.full(len(who), d)),
        "question_key": FIND_LEARNING[0],
        "score": answer.astype(np.int64)})


def survey_items_table() -> pd.DataFrame:
    """The demo survey's questions: five on 1-5 in the culture index, and the pulse's 1-4 question."""
    rows = [{"question_key": key, "question_text": text, "scale_min": 1, "scale_max": 5, "excluded_codes": None,
             "favourable_min": None, "in_index": True} for key, text in zip(CULTURE_QUESTIONS, CULTURE_TEXTS)]
    key, text, low, high, codes = FIND_LEARNING
    rows.append({"question_key": key, "question_text": text, "scale_min": low, "scale_max": high,
                 "excluded_codes": codes, "favourable_min": None, "in_index": False})
    return pd.DataFrame(rows)


def communications_table(plan, people, progs, cal, rng) -> pd.DataFrame:
    sent, program, channel, audience = plan.sent, plan.program, plan.channel, plan.audience
    k = len(sent)
    channels = CAMPAIGN_CHANNELS + ("leadership update",)
    ch = np.where(channel < 0, len(channels) - 1, channel)
    everyone = headcount(people, sent)
    unit = headcount(people, sent, np.maximum(audience, 0))
    # Leadership updates go to the people leaders employed that day (current level: leaders stay leaders).
    leaders = np.array([np.sum((people.level >= MANAGER) & (people.leader_since <= d) & (people.hire <= d) & (people.term > d))
                        for d in sent])
    recipients = np.where(ch == len(channels) - 1, leaders, np.where(audience >= 0, unit, everyone))
    rates = np.array([CHANNEL_RATES[c] for c in channels])
    jitter = np.exp(rng.normal(0, 0.1, k))
    opens = rng.binomial(recipients, np.clip(rates[ch, 0] * jitter, 0, 1))
    clicks = rng.binomial(opens, np.clip(rates[ch, 1] / rates[ch, 0], 0, 1))
    return pd.DataFrame({
        "communication_id": serial_ids("COM-", k, 5),
        "sent_on": date_column(sent),
        "channel": label_column(ch, channels),
        "program_id": code_column(program, progs.ids),
        "audience_business_unit": label_column(np.where(ch == len(channels) - 1, -1, audience), UNIT_NAMES),
        "recipients": recipients.astype(np.int64),
        "opens": opens.astype(np.int64),
        "clicks": clicks.astype(np.int64),
    })
