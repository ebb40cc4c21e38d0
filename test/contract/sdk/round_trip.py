"""A real Webex SDK's documented update against the mock Hub: GET the person, PUT everything back.

Usage: python round_trip.py <base url ending in /v1/> <token> <person id>
Prints one JSON line: {"sdk": name and version, "before": person, "after": person, "put": answer}.
Uses webexpythonsdk, or webexteamssdk when only that one is installed or WEBEX_SDK=webexteamssdk.
"""
import json
import os
import sys


if os.environ.get("WEBEX_SDK") != "webexteamssdk":
    try:
        import webexpythonsdk as sdk
        from webexpythonsdk import WebexAPI as Api
    except ImportError:
        sdk = None
if os.environ.get("WEBEX_SDK") == "webexteamssdk" or sdk is None:  # the older package
    import webexteamssdk as sdk
    from webexteamssdk import WebexTeamsAPI as Api

base_url, token, person_id = sys.argv[1:4]
api = Api(access_token=token, base_url=base_url)
before = api.people.get(person_id)
# The documented approach: GET the person's details, change what you want, PUT the changed and the unchanged values.
answer = api.people.update(person_id, **before.to_dict())
after = api.people.get(person_id)
print(json.dumps({
    "sdk": f"{sdk.__name__} {sdk.__version__}",
    "before": before.to_dict(),
    "put": answer.to_dict(),
    "after": after.to_dict(),
}))
