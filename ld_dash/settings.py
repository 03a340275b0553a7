"""Settings read from the environment (`LD_DASH_*`) at call time, validated by pydantic."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything an operator may change without touching code."""

    model_config = SettingsConfigDict(env_prefix="LD_DASH_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Folder of data versions")
    organisation_name: str = "Demo Organisation (synthetic)"
    min_group_size: int = Field(default=5, description="Groups with fewer people are suppressed")
    comment_min_group_size: int = Field(default=10, description="Free-text comments need more people")
    small_sample_n: int = Field(default=30, description="Below this n a figure gets a small-sample badge")
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
    oidc_provider: str | None = Field(default=None, description="Provider name under [auth.<name>] in secrets.toml")
    admin_contact: str = Field(default="your L&D admin", description="Who to ask for access, shown when denied")

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

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value if value.is_absolute() else (PROJECT_ROOT / value)


def get_settings() -> Settings:
    """Read settings now, so that a changed environment takes effect without a restart of Python."""
    return Settings()
