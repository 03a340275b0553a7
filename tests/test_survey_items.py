"""Issue 14, point 4: survey items as data. Questions on their own scales (a 1-4 item with a 9 "don't
know" code beside a 1-5 item), % favourable and the answer distribution, answers linked to employees.
Every number below is worked out by hand from the fixture."""
from __future__ import annotations

from pathlib import Path

import pytest

from ld_dash import store
from ld_dash.dimensions import metric
from ld_dash.ingest.batch import ImportItem, ImportRejected, import_batch
from ld_dash.ingest.mapping import Mapping
from ld_dash.metrics import culture
from ld_dash.metrics.kpis import metric_value
from tests.helpers import D, employee, publish_tables, window

YEAR = window(D(2025, 1, 1), D(2025, 12, 31))

ITEMS = """question_key,question_text,scale_min,scale_max,excluded_codes,favourable_min,in_index
find,I know where to find the learning I need,1,4,9,,true
valued,Learning is valued in my team,1,5,,,true
pay,I am paid fairly,1,5,,,false
"""
# Item "find" (1-4, 9 = don't know): 4, 3, 9, 1 -> valid 4, 3, 1. Item "valued" (1-5): 5, 4, 2, 3.
# R4 answers with an employee id only: E2's unit (Finance), region and level are used.
ANSWERS = """respondent_id,employee_id,business_unit,region,job_level,surveyed_on,question_key,score
R1,,Sales,EMEA North,IC2,2025-05-15,find,4
R1,,Sales,EMEA North,IC2,2025-05-15,valued,5
R2,,Sales,EMEA North,IC2,2025-05-15,find,3
R2,,Sales,EMEA North,IC2,2025-05-15,valued,4
R3,,Sales,EMEA North,IC2,2025-05-15,find,9
R3,,Sales,EMEA North,IC2,2025-05-15,valued,2
R4,E2,,,,2025-05-15,find,1
R4,E2,,,,2025-05-15,valued,3
R4,E2,,,,2025-05-15,pay,1
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    folder = tmp_path_factory.mktemp("survey")
    data = folder / "data"
    publish_tables(data, {"employees": [employee("E1"), employee("E2", business_unit="Finance", job_level="Manager")]}).close()
    import_batch([ImportItem(path=write(folder, "survey_items.csv", ITEMS), mapping=Mapping(table="survey_items")),
                  ImportItem(path=write(folder, "culture_survey.csv", ANSWERS), mapping=Mapping(table="culture_survey"))],
                 data)
    return store.connect(store.require_version(data))


def test_the_index_reads_each_question_on_its_own_scale_and_leaves_dont_know_out(survey):
    # On the index's 1-5 scale, "find" 4 -> 5, 3 -> 1 + 4 * 2/3, 1 -> 1 (the 9 is left out); "valued" as
    # answered. "pay" is not in the index. (5 + 3.667 + 1 + 5 + 4 + 2 + 3) / 7.
    result = metric_value(survey, metric("culture.survey_index"), YEAR)
    assert result.value == pytest.approx((5 + 1 + 4 * 2 / 3 + 1 + 5 + 4 + 2 + 3) / 7)
    assert result.n == 4  # R1-R4 answered the index's questions (R3's "valued" answer counts)


def test_favourable_is_the_top_two_of_each_scale(survey):
    # "find" 1-4: 3 and 4 are favourable -> 4, 3 (2 of 3 valid); "valued" 1-5: 4 and 5 -> 5, 4 (2 of 4).
    result = metric_value(survey, metric("culture.survey_favourable"), YEAR)
    assert result.value == pytest.approx(4 / 7)


def test_each_question_on_its_own_scale_with_its_distribution(survey):
    items = culture.survey_items(survey, YEAR).set_index("question_key")
    find, valued, pay = items.loc["find"], items.loc["valued"], items.loc["pay"]
    assert (find.question, find.scale, find.mean_of) == ("I know where to find the learning I need", "1–4", "2.67 of 4")
    # "find": favourable 4, 3; unfavourable the bottom two of 1-4 (1, 2) -> 1; neutral none; one 9 left out.
    assert (find.favourable, find.neutral, find.unfavourable) == (pytest.approx(2 / 3), 0, pytest.approx(1 / 3))
    assert (find.answers, find.excluded, find.n) == (3, 1, 3)
    # "valued": favourable 5, 4; unfavourable 1, 2 -> 2; neutral 3.
    assert (valued.favourable, valued.neutral, valued.unfavourable) == (0.5, 0.25, 0.25)
    assert valued.mean_of == "3.50 of 5" and (valued.answers, valued.excluded) == (4, 0)
    assert (bool(pay.in_index), pay.answers) == (False, 1)
    distribution = culture.survey_distribution(survey, YEAR)
    shares = distribution[distribution["question_key"] == "valued"].set_index("answer")["share"]
    assert shares.to_dict() == {"Unfavourable": 0.25, "Neutral": 0.25, "Favourable": 0.5}


def test_an_answer_with_an_employee_id_is_cut_by_that_employees_unit(survey):
    # R4 gave only E2: Finance. Its "find" answer (1) is unfavourable, its "valued" (3) neutral.
    cells = culture.favourable_by_unit(survey, YEAR).set_index(["business_unit", "question_key"])
    assert cells.loc[("Finance", "find"), "favourable"] == 0.0
    assert cells.loc[("Finance", "valued"), "n"] == 1
    # Sales: "find" 4 and 3 favourable of 2 valid; "valued" 5, 4 of 5, 4, 2.
    assert cells.loc[("Sales", "find"), "favourable"] == 1.0
    assert cells.loc[("Sales", "valued"), "favourable"] == pytest.approx(2 / 3)
    by_unit = culture.by_unit_level(survey, YEAR.model_copy(update={"min_group_size": 1}))
    sales = by_unit.set_index(["business_unit", "job_level"]).loc[("Sales", "IC2")]
    # The index's favourable share for Sales: 4 of 5 valid answers (4, 3 | 5, 4, 2).
    assert sales["survey_favourable"] == pytest.approx(4 / 5)


@pytest.fixture
def empty_org(tmp_path):
    data = tmp_path / "data"
    publish_tables(data, {"employees": [employee("E1")]}).close()
    import_batch([ImportItem(path=write(tmp_path, "survey_items.csv", ITEMS), mapping=Mapping(table="survey_items"))],
                 data)
    return data


@pytest.mark.parametrize(("row", "column", "reason"), [
    # A 5 on a 1-4 question is neither an answer nor its don't-know code.
    ("R1,,Sales,EMEA North,IC2,2025-05-15,find,5", "score",
     "is outside the question's scale (1–4, or a \"don't know\" code: 9)"),
    # Before: 4.6 was rounded to 5 with "0 rejected".
    ("R1,,Sales,EMEA North,IC2,2025-05-15,valued,4.6", "score", "is not a whole number"),
    ("R1,,Sales,EMEA North,IC2,2025-05-15,unknown,3", "question_key",
     "refers to survey_items unknown that does not exist"),
    ("R1,,,EMEA North,IC2,2025-05-15,valued,3", "business_unit",
     "is required when the answer carries no employee_id (from which it would be taken)"),
    ("R1,E9,,,,2025-05-15,valued,3", "employee_id", "refers to employees E9 that does not exist"),
])
def test_answers_that_do_not_fit_their_question_are_rejected_by_row(tmp_path, empty_org, row, column, reason):
    header = ANSWERS.splitlines()[0]
    path = write(tmp_path, "culture_survey.csv", f"{header}\n{row}\n")
    with pytest.raises(ImportRejected) as info:
        import_batch([ImportItem(path=path, mapping=Mapping(table="culture_survey"))], empty_org)
    found = [(r.row, r.column, r.reason) for r in info.value.result.rejections]
    assert (2, column, reason) in found, found


@pytest.mark.parametrize(("line", "column", "reason"), [
    ("q,Text,1,4,3,,true", "excluded_codes", "holds a code inside the answer scale (1–4)"),
    ("q,Text,1,4,n/a,,true", "excluded_codes", "must be whole numbers separated by ;"),
    ("q,Text,5,5,,,true", "scale_max", "must be above scale_min (5)"),
    ("q,Text,1,4,,1,true", "favourable_min", "must lie within the scale, above its lowest answer"),
])
def test_survey_items_that_cannot_be_scored_are_rejected(tmp_path, empty_org, line, column, reason):
    header = ITEMS.splitlines()[0]
    path = write(tmp_path, "survey_items.csv", f"{header}\n{line}\n")
    with pytest.raises(ImportRejected) as info:
        import_batch([ImportItem(path=path, mapping=Mapping(table="survey_items"))], empty_org, confirm_losses=True)
    found = [(r.row, r.column, r.reason) for r in info.value.result.rejections]
    assert any(c == column and r.startswith(reason) for _row, c, r in found), found


def test_a_version_published_before_survey_items_reads_answers_as_1_to_5(tmp_path):
    # Data from before items existed: no survey_items rows; answers were 1-5 then, and read as such.
    data = tmp_path / "data"
    answers = [dict(respondent_id=f"R{i}", employee_id=None, business_unit="Sales", region="EMEA North",
                    job_level="IC2", surveyed_on=D(2025, 5, 15), question_key="learning_valued", score=s)
               for i, s in enumerate([5, 4, 1], start=1)]
    con = publish_tables(data, {"employees": [employee("E1")], "culture_survey": answers})
    assert metric_value(con, metric("culture.survey_index"), YEAR).value == pytest.approx(10 / 3)
    assert metric_value(con, metric("culture.survey_favourable"), YEAR).value == pytest.approx(2 / 3)
    assert culture.survey_items(con, YEAR)["question"].tolist() == ["Learning is valued"]
