"""The JSON API under /api/v1/: one NinjaAPI, one error shape, routers contributed by each app."""
