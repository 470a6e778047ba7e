from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from toward.lib.text import has_forbidden_characters


def _no_nulls(value: str) -> str:
    if has_forbidden_characters(value):
        raise ValueError("text may not contain null bytes or lone surrogates")
    return value


# Every string that reaches a service from the API goes through this type.
Text = Annotated[str, AfterValidator(_no_nulls)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: dict[str, str] | None = None


class Error(BaseModel):
    error: ErrorDetail


class Ok(BaseModel):
    ok: bool = True
