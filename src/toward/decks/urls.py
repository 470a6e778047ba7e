from django.urls import path

from toward.decks import views, views_own, views_together

app_name = "decks"

_space = "spaces/<str:space_id>/questions/"

urlpatterns = [
    path("questions/", views.index, name="index"),
    path(_space, views.home, name="home"),
    path(_space + "depth/", views.depth, name="depth"),
    path(_space + "ask/", views.ask, name="ask"),
    path(_space + "exchanges/<str:exchange_id>/", views.exchange, name="exchange"),
    path(_space + "exchanges/<str:exchange_id>/not-now/", views.not_now, name="not_now"),
    path(_space + "exchanges/<str:exchange_id>/rate/", views.rate_exchange, name="rate_exchange"),
    path(_space + "decks/new/", views_own.new_deck, name="new_deck"),
    path(_space + "decks/import/", views_own.import_deck, name="import"),
    path(_space + "decks/<str:deck_id>/", views.deck, name="deck"),
    path(_space + "decks/<str:deck_id>/daily/", views.toggle_deck, name="toggle_deck"),
    path(_space + "decks/<str:deck_id>/questions/", views_own.add_question, name="add_question"),
    path(_space + "decks/<str:deck_id>/export/", views_own.export_deck, name="export"),
    path(
        _space + "own-questions/<str:question_id>/remove/",
        views_own.remove_question,
        name="remove_question",
    ),
    path(_space + "together/", views_together.start, name="together"),
    path(_space + "conversation/", views_together.start_conversation, name="conversation"),
    path(_space + "together/<str:session_id>/", views_together.session, name="session"),
    path(_space + "together/<str:session_id>/rate/", views_together.rate_card, name="rate_card"),
]
