"""What factors the org offers: the catalog, security questions, resend limits, and the profile
each factor type needs at enrollment (validated as Okta does)."""

from __future__ import annotations

import re

from darkfactory.twins.okta.errors import validation

# (factorType, provider) -> factor id prefix, as Okta's ids start.
CATALOG = {
    ("sms", "OKTA"): "mbl",
    ("call", "OKTA"): "clf",
    ("email", "OKTA"): "emf",
    ("question", "OKTA"): "ufs",
    ("token:software:totp", "OKTA"): "ost",
    ("token:software:totp", "GOOGLE"): "uft",
    ("push", "OKTA"): "opf",
}
QUESTIONS = {
    "disliked_food": "What is the food you least liked as a child?",
    "name_of_first_plush_toy": "What is the name of your first stuffed animal?",
    "first_award": "What did you earn your first medal or award for?",
    "favorite_security_question": "What is your favorite security question?",
    "favorite_toy": "What is the toy/stuffed animal you liked the most as a kid?",
    "first_computer_game": "What was the first computer game you played?",
    "favorite_movie_quote": "What is your favorite movie quote?",
    "first_sports_team_mascot": "What was the mascot of the first sports team you played on?",
    "first_music_purchase": "What music album or song did you first purchase?",
    "favorite_art_piece": "What is your favorite piece of art?",
    "grandmother_favorite_desert": "What was your grandmother's favorite dessert?",
    "first_thing_cooked": "What was the first thing you learned to cook?",
    "childhood_dream_job": "What was your dream job as a child?",
    "first_kiss_location": "Where did you have your first kiss?",
    "place_where_significant_other_was_met": "Where did you meet your spouse/significant other?",
    "favorite_vacation_location": "Where did you go for your favorite vacation?",
    "new_years_two_thousand": "Where were you on New Year's Eve in the year 2000?",
    "favorite_speaker_actor": "Who is your favorite speaker/orator?",
    "favorite_book_movie_character": "Who is your favorite book/movie character?",
    "favorite_sports_player": "Who is your favorite sports player?",
}
# channel -> (seconds between sends, error code, summary)
RESEND_LIMITS = {
    "sms": (30, "E0000109", "An SMS message was recently sent. Please wait 30 seconds."),
    "call": (30, "E0000110", "A phone call was recently made. Please wait 30 seconds."),
    "email": (5, "E0000166", "An email was recently sent. Please wait 5 seconds."),
}
SENT_EVENTS = {
    "sms": "system.sms.send_factor_verify_message",
    "call": "system.voice.send_call_verify_message",
    "email": "system.email.send_factor_verify_message",
}
PHONE = re.compile(r"^\+[1-9]\d{1,14}$")  # the OpenAPI pattern


def enrollment_profile(user: dict, factor_type: str, profile: dict) -> tuple[dict, str | None]:
    """The stored profile and secret of a new factor, validated as Okta does."""
    if factor_type in ("sms", "call"):
        if not PHONE.match(str(profile.get("phoneNumber", ""))):
            raise validation("factorEnrollRequest", "phoneNumber: Invalid Phone Number.")
        return {"phoneNumber": profile["phoneNumber"]}, None
    if factor_type == "email":
        return {"email": profile.get("email") or user["profile"]["email"]}, None
    if factor_type == "question":
        question, answer = profile.get("question"), str(profile.get("answer") or "")
        if question not in QUESTIONS:
            raise validation("factorEnrollRequest", "question: Invalid security question.")
        if len(answer) < 4:
            raise validation(
                "factorEnrollRequest",
                "answer: The security question answer must be at least 4 characters in length",
            )
        return {"question": question, "questionText": QUESTIONS[question]}, answer.casefold()
    return {"credentialId": user["login"]}, None
