"""Accounts, tokens and roles in the catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from poshuk.core.accounts import AccountError, Accounts, token_hash
from poshuk.core.catalog import Catalog


@pytest.fixture
def accounts(catalog_url: str) -> Iterator[Accounts]:
    catalog = Catalog(catalog_url)
    store = Accounts(catalog.db)
    store.create_collection("secret")
    store.create_collection("open", public=True)
    yield store
    catalog.close()


def test_no_account_means_the_single_user_tool(accounts: Accounts) -> None:
    assert accounts.caller(None).admin
    accounts.add_user("ana")
    anonymous = accounts.caller(None)
    assert not anonymous.admin and anonymous.scope() == {"collection": ["open"]}


def test_tokens_are_stored_hashed_and_expire_and_revoke(accounts: Accounts) -> None:
    token = accounts.add_user("ana")
    stored = [row[0] for row in accounts.db.execute("SELECT hash FROM tokens")]
    assert stored == [token_hash(token)] and token not in stored
    assert accounts.user_for_token(token) == "ana"
    assert accounts.user_for_token(token + "x") is None
    newer = accounts.issue_token("ana")
    assert accounts.user_for_token(token) is None  # a new API token replaces the old one
    session = accounts.issue_token("ana", "session")
    assert accounts.user_for_token(session) == "ana" == accounts.user_for_token(newer)
    assert accounts.revoke_tokens("ana") == 2
    assert accounts.user_for_token(newer) is None and accounts.user_for_token(session) is None
    expired = accounts.issue_token("ana", "api", dt.timedelta(seconds=-1))
    assert accounts.user_for_token(expired) is None


def test_passwords_use_argon2(accounts: Accounts) -> None:
    accounts.add_user("ana")
    with pytest.raises(AccountError, match="10 characters"):
        accounts.set_password("ana", "short")
    accounts.set_password("ana", "a long passphrase")
    stored = accounts.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert accounts.check_password("ana", "a long passphrase")
    assert not accounts.check_password("ana", "a long passphrasE")
    assert not accounts.check_password("nobody", "a long passphrase")


def test_roles_include_the_ones_below(accounts: Accounts) -> None:
    for name in ("r", "e", "m"):
        accounts.add_user(name)
    accounts.grant("r", "secret", "reader")
    accounts.grant("e", "secret", "editor")
    accounts.grant("m", "secret", "manager")
    may = {name: [role for role in ("reader", "editor", "manager")
                  if accounts.caller(name).may(role, "secret")] for name in ("r", "e", "m")}
    assert may == {"r": ["reader"], "e": ["reader", "editor"],
                   "m": ["reader", "editor", "manager"]}
    assert accounts.caller("m").collections("manager") == ["secret"]
    assert accounts.caller("r").collections() == ["open", "secret"]
    assert not accounts.caller("r").may("editor", "open")  # public is read-only
    assert accounts.revoke("r", "secret")
    assert accounts.caller("r").collections() == ["open"]
    with pytest.raises(AccountError, match="no collection"):
        accounts.grant("r", "nowhere", "reader")
    with pytest.raises(AccountError, match="user name"):
        accounts.add_user("bad name")
