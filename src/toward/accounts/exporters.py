from __future__ import annotations

from toward.core import hooks


def export_account(user) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "date_joined": user.date_joined.isoformat(),
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": token.created_at.isoformat(),
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in user.api_tokens.all()
        ],
    }


hooks.register_exporter("account", export_account)
