"""Settings read from the environment (`LD_DASH_*`) at call time, validated by pydantic."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


DEMO_ORGANISATION_NAME = "Demo Organisation (synthetic)"


class Settings(BaseSettings):
    """Everything an operator may change without touching code."""

    model_config = SettingsConfigDict(env_prefix="LD_DASH_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Folder of data versions")
    organisation_name: str = DEMO_ORGANISATION_NAME
    min_group_size: int = Field(default=5, description="Groups with fewer people are suppressed")
    # Never below 3; where it is below min_group_size the larger of the two applies (metrics/feedback.py).
    comment_min_group_size: int = Field(default=10, ge=3, description="Free-text comments need more people")
    small_sample_n: int = Field(default=30, ge=1, description="Below this n a figure gets a small-sample badge")
    currency: str = "EUR"
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    on_cost_rate: float = Field(default=0.25, ge=0, le=2, description="Employer on-costs on salary")
    standard_annual_hours: float = Field(default=1720, gt=0, description="Working hours in a year")
    replacement_cost_share: float = Field(
        default=0.5, ge=0, le=3, description="Cost of replacing a leaver, as a share of annual salary"
    )
    roi_attribution: float = Field(
        default=0.5, ge=0, le=1, description="Share of a measured improvement attributed to learning (ROI)"
    )
    productivity_value_share: float = Field(
        default=0.5, ge=0, le=2, description="Value of one goal-attainment point, as a share of 1% of salary"
    )
    benefit_horizon_months: int = Field(default=12, ge=1, le=12, description="Months of benefit counted (ROI)")
    demo_employees: int = Field(default=2000, ge=50)
    demo_years: int = Field(default=3, ge=2, le=10)
    demo_seed: int = 42
    import_max_cells: int = Field(
        default=20_000_000, ge=1, description="Largest Excel sheet imported, in cells (rows × columns)")
    import_max_unpacked_mb: int = Field(
        default=1000, ge=1, description="Largest Excel workbook imported, unpacked, in MB")
    import_max_memory_mb: int = Field(
        default=3000, ge=200, description="Memory the Data page's import process may use before it is stopped, MB")
    import_timeout_s: float = Field(default=1800, gt=0, description="Longest a Data page import step may run, seconds")
    import_memory_mb: int = Field(
        default=1000, ge=100, description="Memory an import's databases (staging and building) may use before spilling to disk, MB")
    import_threads: int = Field(default=2, ge=1, le=64, description="Threads an import's staging database may use")
    import_max_spill_mb: int = Field(default=4000, ge=0, description="Disk an import may spill to when memory is short, MB")
    import_max_rows: int = Field(default=5_000_000, ge=1, description="Most rows one imported file may hold")
    import_max_problems_per_check: int = Field(
        default=1000, ge=1, description="Problems listed one by one per check in a rejection report (all are counted)")
    keep_versions: int = Field(default=3, ge=1, description="Data versions kept after a publish")
    chromium_path: Path | None = Field(
        default=None, description="Chromium/Chrome for board-pack charts and PDF (default: found on PATH)"
    )
    # Access (ld_dash/access.py). "none" is one person on their own machine: allowed on a loopback address only.
    auth: Literal["none", "oidc", "proxy"] = Field(default="none", description="How people sign in")
    # NoDecode: operators write `a@x.org, b@x.org`, not JSON.
    admins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="L&D admins: e-mail addresses or user names, comma-separated")
    viewers: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Viewers: e-mail addresses, user names, *@domain or * (every signed-in user)")
    proxy_user_header: str = Field(default="X-Forwarded-User", pattern=r"^[A-Za-z0-9-]+$",
                                   description="Header in which the trusted reverse proxy names the user")
    # Proof that a request came through the reverse proxy: nginx adds this secret to every request it
    # passes on, so a request sent straight to the app's port (with a made-up user header) is refused.
    proxy_secret: SecretStr | None = Field(
        default=None, description="Shared secret the reverse proxy sends in proxy mode (32+ characters)")
    proxy_secret_header: str = Field(default="X-LD-Dash-Proxy-Secret", pattern=r"^[A-Za-z0-9-]+$",
                                     description="Header in which the reverse proxy sends the shared secret")
    oidc_provider: str | None = Field(default=None, description="Provider name under [auth.<name>] in secrets.toml")
    admin_contact: str = Field(default="your L&D admin", description="Who to ask for access, shown when denied")

    @property
    def own_organisation_name(self) -> str:
        """The name an organisation's own data goes under: never the demo's, when none has been set."""
        return "Your organisation" if self.organisation_name == DEMO_ORGANISATION_NAME else self.organisation_name

    def public_json(self) -> str:
        """The settings as JSON without secrets: for cache keys and for handing to cached functions, which
        read them back with `model_validate_json` (a SecretStr would come back as "**********")."""
        return self.model_dump_json(exclude={"proxy_secret"})

    @field_validator("min_group_size")
    @classmethod
    def _never_below_three(cls, value: int) -> int:
        # Below three people an aggregate is close to an individual record.
        if value < 3:
            raise ValueError("min_group_size must be at least 3 to protect individuals")
        return value

    @field_validator("admins", "viewers", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("admins")
    @classmethod
    def _no_wildcard_admins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Admins can replace the data everyone sees: name them, never "everyone".
        if any("*" in entry for entry in value):
            raise ValueError("admins cannot hold wildcards (*): name each L&D admin by e-mail or user name")
        return value

    @field_validator("proxy_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Guessable secrets would let anyone who reaches the app's port name themselves an admin.
        if value is not None and len(value.get_secret_value().strip()) < 32:
            raise ValueError("proxy_secret must be at least 32 characters (for example `openssl rand -hex 32`)")
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value if value.is_absolute() else (PROJECT_ROOT / value)


def settings_problem(error: ValidationError) -> str:
    """A settings error in plain words, one line per bad setting, named as the operator writes it."""
    lines = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        name = f"LD_DASH_{field.upper()}" if field else "the settings"
        value = item.get("input")
        shown = "" if field == "proxy_secret" or isinstance(value, dict) else f" (given: {str(value)[:80]!r})"
        lines.append(f"{name}{shown}: {item['msg'].removeprefix('Value error, ')}")
    return "The ld-dash settings are not valid:\n" + "\n".join(f"  - {line}" for line in lines)


def get_settings() -> Settings:
    """Read settings now, so that a changed environment takes effect without a restart of Python."""
    return Settings()
