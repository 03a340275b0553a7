"""A failure on a page: a plain message with a reference for the browser, the details for the server log."""
from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator

import streamlit as st

log = logging.getLogger("ld_dash")
if not log.handlers:  # Streamlit configures only its own loggers; give ours timestamps in the server log
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


@contextlib.contextmanager
def generic_errors() -> Iterator[None]:
    """Show any exception as a generic message with a reference, never its text, SQL, path or traceback.

    st.stop and st.rerun raise BaseException subclasses, so they pass through untouched.
    Streamlit's own `client.showErrorDetails = "none"` remains the backstop for anything outside.
    """
    try:
        yield
    except Exception:
        reference = secrets.token_hex(4)
        log.exception("page failed (reference %s)", reference)
        st.error(f"Something went wrong while preparing this page, so it is not shown. Try again in a moment "
                 f"or choose another page. If it keeps happening, give your L&D admin the reference "
                 f"**{reference}**: the details are in the server log.", icon=":material/error:")
