"""Feishu/Lark OKR's answer to 获取用户的 OKR 列表 (server API okr-v1,
``GET /open-apis/okr/v1/users/:user_id/okrs``), read strictly: its shape as pydantic models,
an unknown shape as one line naming its JSON path
(``data.okr_list[0].objective_list[2].kr_list[1].progress_rate.percent: expected a whole
number 0-100, got "abc"``), and the cycle name a period's name becomes ("2022 年 3 月" is
2022-03). store/feishu_import.py turns what is read here into the store's records.

Only the fields the import uses are checked; the API's other fields are ignored. Times are
millisecond-epoch strings ("0": never), read in Beijing time, where Feishu's deadlines are
midnight ("1648656000000" is 2022-03-31).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import InvalidInputError
from .i18n import N_, _
from .models import CYCLE_NAME
from .weeks import FIRST_DAY, LAST_DAY

BEIJING = dt.timezone(dt.timedelta(hours=8))
AT_RISK, DELAYED = "1", "2"  # progress_rate.status: "-1" none yet, "0" normal, "1" 风险, "2" 延期


# -- the shape ---------------------------------------------------------------------------
def _epoch_ms(v: str) -> str:
    if not re.fullmatch(r"[0-9]{1,16}", v):
        raise ValueError("not a millisecond-epoch string")
    if v != "0" and not FIRST_DAY <= dt.datetime.fromtimestamp(int(v) / 1000, BEIJING).date() <= LAST_DAY:
        raise ValueError("outside the days okr handles")
    return v


EpochMs = Annotated[str, AfterValidator(_epoch_ms)]
Percent = Annotated[int, Field(ge=0, le=100)]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)  # the API adds fields; ours must be right


class ProgressRate(_Shape):
    percent: Percent | None = None
    status: Literal["-1", "0", "1", "2"] | None = None


class AlignedObjective(_Shape):
    id: str


class FeishuKeyResult(_Shape):
    id: str = ""
    content: str
    score: Percent | None = None
    kr_weight: Percent | None = None
    weight: float | None = None
    progress_rate: ProgressRate | None = None
    deadline: EpochMs | None = None
    progress_rate_percent_last_updated_time: EpochMs | None = None
    progress_rate_status_last_updated_time: EpochMs | None = None


class FeishuObjective(_Shape):
    id: str = ""
    content: str
    progress_report: str = ""
    score: Percent | None = None
    weight: float | None = None
    progress_rate: ProgressRate | None = None
    deadline: EpochMs | None = None
    progress_report_last_updated_time: EpochMs | None = None
    kr_list: list[FeishuKeyResult] = Field(default_factory=list)
    aligned_objective_list: list[AlignedObjective] = Field(default_factory=list)
    aligning_objective_list: list[AlignedObjective] = Field(default_factory=list)


class FeishuPeriod(_Shape):
    id: str = ""
    name: str = ""
    objective_list: list[FeishuObjective] = Field(default_factory=list)


class FeishuData(_Shape):
    okr_list: list[FeishuPeriod]


_WHOLE = N_("a whole number 0-100")
_TIME = N_('a millisecond-epoch string such as "1648656000000"')
_TEXT = N_("a string")
_LIST = N_("a list")
_EXPECTED = {
    "percent": _WHOLE, "score": _WHOLE, "kr_weight": _WHOLE, "weight": N_("a number"),
    "status": N_('one of "-1", "0", "1", "2" (a string)'), "deadline": _TIME,
    "progress_rate_percent_last_updated_time": _TIME, "progress_rate_status_last_updated_time": _TIME,
    "progress_report_last_updated_time": _TIME, "content": _TEXT, "name": _TEXT, "id": _TEXT,
    "progress_report": _TEXT, "okr_list": _LIST, "objective_list": _LIST, "kr_list": _LIST,
    "aligned_objective_list": _LIST, "aligning_objective_list": _LIST, "progress_rate": N_("an object"),
}


def json_path(prefix: str, loc: tuple[int | str, ...]) -> str:
    """``data.okr_list[0].objective_list[2]`` from pydantic's location."""
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _got(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _shape_error(e: ValidationError, prefix: str) -> InvalidInputError:
    first = e.errors()[0]
    loc = tuple(first["loc"])
    path = json_path(prefix, loc)
    name = loc[-1] if loc else ""
    expected = _(_EXPECTED.get(name, "an object") if isinstance(name, str) else N_("an object"))
    if first["type"] == "missing":
        text = _("{path}: missing, expected {expected}").format(path=path, expected=expected)
    else:
        text = _("{path}: expected {expected}, got {got}").format(path=path, expected=expected,
                                                                  got=_got(first["input"]))
    return InvalidInputError(text + _("; nothing imported"), field=str(name))


def parse_response(doc: Any) -> tuple[FeishuData, str]:
    """The OKR list of a whole ``{"code": 0, "data": ...}`` response or of its ``data``,
    and the JSON path its ``data`` is at ("data" or "")."""
    if isinstance(doc, dict) and "okr_list" not in doc and ("code" in doc or "data" in doc):
        code = doc.get("code")
        if type(code) is not int:
            raise InvalidInputError(_("code: expected a whole number, got {got}; nothing imported")
                                    .format(got=_got(code)), field="code")
        if code != 0:
            msg = doc.get("msg")
            raise InvalidInputError(_("Feishu answered code {code}: {msg}; nothing imported").format(
                code=code, msg=msg if isinstance(msg, str) and msg else _("(no msg)")), field="code")
        doc, prefix = doc.get("data"), "data"
    else:
        prefix = ""
    if not isinstance(doc, dict):
        raise InvalidInputError(_("not a Feishu OKR list: expected {\"code\": 0, \"data\": {\"okr_list\": [...]}} "
                                  "or its data {\"okr_list\": [...]}; nothing imported"), field="okr_list")
    try:
        return FeishuData.model_validate(doc, strict=True), prefix
    except ValidationError as e:
        raise _shape_error(e, prefix) from None


# -- cycle names ---------------------------------------------------------------------------
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _months(year: int, first: int, last: int) -> tuple[str, tuple[dt.date, dt.date]] | None:
    """The name and days of the months ``first``-``last`` of ``year``: 2022-03, 2022-Q1, 2022-H2, 2022."""
    if not (1 <= first <= last <= 12 and FIRST_DAY.year <= year <= LAST_DAY.year):
        return None
    end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
    if first == last:
        name = f"{year}-{first:02d}"
    elif (first, last) == (1, 12):
        name = f"{year}"
    elif last == first + 2 and first % 3 == 1:
        name = f"{year}-Q{first // 3 + 1}"
    elif (first, last) in ((1, 6), (7, 12)):
        name = f"{year}-H{1 if first == 1 else 2}"
    else:
        name = f"{year}-{first:02d}-to-{last:02d}"
    return name, (dt.date(year, first, 1), end)


def cycle_name_for(period: str) -> tuple[str | None, tuple[dt.date, dt.date] | None]:
    """A cycle name for a Feishu period's name, and the period's days when the name says
    them: "2022 年 3 月" is 2022-03 (March), "2022 年 1 月 - 3 月" and "2022 年第一季度"
    2022-Q1, "2022 年下半年" 2022-H2, "Mar 2022" 2022-03. Another name is kept if it fits
    the cycle-name rule, else made to fit ("Q3 冲刺" is Q3); None if nothing is left."""
    s = re.sub(r"\s+", "", period)
    found: tuple[str, tuple[dt.date, dt.date]] | None = None
    if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(?:[-–—~～至到](\d{1,2})月)?", s):
        found = _months(int(m[1]), int(m[2]), int(m[3] or m[2]))
    elif m := re.fullmatch(r"(\d{4})(?:年|[-_.])?(?:第([一二三四1-4])季度|Q([1-4]))", s, re.I):
        q = int(_CN_DIGITS.get(m[2], m[2] or m[3]))
        found = _months(int(m[1]), 3 * q - 2, 3 * q)
    elif m := re.fullmatch(r"Q([1-4])(\d{4})", s, re.I):
        found = _months(int(m[2]), 3 * int(m[1]) - 2, 3 * int(m[1]))
    elif m := re.fullmatch(r"(\d{4})年(上|下)半年", s):
        found = _months(int(m[1]), 1, 6) if m[2] == "上" else _months(int(m[1]), 7, 12)
    elif m := re.fullmatch(r"(\d{4})年度?", s):
        found = _months(int(m[1]), 1, 12)
    elif (m := re.fullmatch(r"([A-Za-z]{3})[A-Za-z]*\.?,?(\d{4})", s)) and m[1].lower() in _MONTHS:
        month = _MONTHS.index(m[1].lower()) + 1
        found = _months(int(m[2]), month, month)
    if found:
        return found[0], found[1]
    if CYCLE_NAME.fullmatch(period):
        return period, None
    fitted = re.sub(r"[^A-Za-z0-9._-]+", "-", period).strip("-._")[:40].rstrip("-._")
    return (fitted, None) if fitted and CYCLE_NAME.fullmatch(fitted) else (None, None)


def when(ms: str | None) -> dt.datetime | None:
    """A checked millisecond-epoch string as a Beijing time; None for none or "0" (never)."""
    if ms is None or ms == "0":
        return None
    return dt.datetime.fromtimestamp(int(ms) / 1000, BEIJING)
