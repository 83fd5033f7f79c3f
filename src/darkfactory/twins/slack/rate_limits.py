"""Slack's rate limits by tier: the published tier of every Web API method, applied when asked.

Off by default (a twin exists to run past production limits). A universe turns them on with the
Slack seed option ``rate_limits: tiers`` (``Universe(fixtures={"slack": {"rate_limits":
"tiers"}})``, ``darkfactory universe up --fixture slack.rate_limits=tiers``, or a scenario's
``universe.fixtures.slack.rate_limits``). When on, Slack counts calls per method, per workspace,
per app (a token outside any app counts alone), in windows of the universe's clock, and answers
over the limit with HTTP 429 ``ratelimited`` and ``Retry-After``.

``chat.postMessage`` is limited per channel to one message a second, tolerating a short burst;
``assistant.threads.setStatus`` likewise per conversation. Methods Slack publishes no tier for
count as Tier 2, the tier Slack names as what most methods allow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SETTING = "slack.rate_limits"
MODES = ("off", "tiers")


@dataclass(frozen=True)
class Limit:
    """At most ``calls`` calls in any ``seconds``-long window."""

    calls: int
    seconds: float = 60.0


TIER_LIMITS = {
    "tier1": Limit(1),
    "tier2": Limit(20),
    "tier3": Limit(50),
    "tier4": Limit(100),
    "hundreds": Limit(600),  # "hundreds of requests per minute": auth.test, chat.getPermalink
}
BURST = 3  # messages a channel takes at once before one a second applies
PER_CHANNEL = Limit(BURST, BURST)  # chat.postMessage and assistant.threads.setStatus
PER_CHANNEL_METHODS = frozenset({"chat.postMessage", "assistant.threads.setStatus"})
DEFAULT_TIER = "tier2"

_PUBLISHED = {
    "tier1": """
        admin.apps.uninstall admin.conversations.restrictAccess.removeGroup admin.teams.create
        admin.usergroups.addChannels admin.users.unsupportedVersions.export
        apps.connections.open apps.manifest.create apps.manifest.delete apps.manifest.update
        apps.uninstall conversations.acceptSharedInvite conversations.approveSharedInvite
        conversations.declineSharedInvite conversations.listConnectInvites rtm.connect rtm.start
        team.externalTeams.disconnect tooling.tokens.rotate
    """,
    "tier2": """
        admin.analytics.getFile admin.apps.approve admin.apps.approved.list
        admin.apps.clearResolution admin.apps.config.lookup admin.apps.requests.cancel
        admin.apps.requests.list admin.apps.restrict admin.apps.restricted.list
        admin.barriers.create admin.barriers.delete admin.barriers.list admin.barriers.update
        admin.conversations.archive admin.conversations.bulkArchive admin.conversations.bulkDelete
        admin.conversations.bulkMove admin.conversations.convertToPrivate
        admin.conversations.convertToPublic admin.conversations.create admin.conversations.delete
        admin.conversations.disconnectShared
        admin.conversations.ekm.listOriginalConnectedChannelInfo
        admin.conversations.getConversationPrefs admin.conversations.getCustomRetention
        admin.conversations.getTeams admin.conversations.invite admin.conversations.lookup
        admin.conversations.removeCustomRetention admin.conversations.rename
        admin.conversations.restrictAccess.addGroup admin.conversations.restrictAccess.listGroups
        admin.conversations.search admin.conversations.setConversationPrefs
        admin.conversations.setCustomRetention admin.conversations.setTeams
        admin.conversations.unarchive admin.emoji.add admin.emoji.addAlias admin.emoji.list
        admin.emoji.remove admin.emoji.rename admin.functions.list admin.inviteRequests.approve
        admin.inviteRequests.approved.list admin.inviteRequests.denied.list
        admin.inviteRequests.deny admin.inviteRequests.list admin.roles.addAssignments
        admin.roles.removeAssignments admin.teams.settings.setDefaultChannels
        admin.teams.settings.setDescription admin.teams.settings.setDiscoverability
        admin.teams.settings.setIcon admin.usergroups.addTeams admin.usergroups.listChannels
        admin.usergroups.removeChannels admin.users.assign admin.users.invite admin.users.remove
        admin.users.session.invalidate admin.users.session.list admin.users.session.reset
        admin.users.session.resetBulk admin.users.setAdmin admin.users.setExpiration
        admin.users.setOwner admin.users.setRegular admin.workflows.collaborators.add
        admin.workflows.collaborators.remove admin.workflows.permissions.lookup
        admin.workflows.search admin.workflows.unpublish
        apps.user.connection.update auth.teams.list bookmarks.add bookmarks.edit bookmarks.remove
        calls.add calls.end calls.info calls.participants.add calls.participants.remove
        calls.update canvases.create channels.archive channels.create channels.history
        channels.rename channels.setPurpose channels.setTopic channels.unarchive chat.startStream
        chat.stopStream conversations.archive conversations.canvases.create conversations.close
        conversations.create conversations.externalInvitePermissions.set
        conversations.inviteShared conversations.list conversations.rename
        conversations.requestSharedInvite.approve conversations.requestSharedInvite.deny
        conversations.requestSharedInvite.list conversations.setPurpose conversations.setTopic
        conversations.unarchive dnd.endDnd dnd.endSnooze dnd.setSnooze dnd.teamInfo emoji.list
        files.comments.delete files.remote.add files.remote.info files.remote.list
        files.remote.remove files.remote.share files.remote.update files.upload groups.archive
        groups.create groups.createChild groups.history groups.rename groups.replies
        groups.setPurpose groups.setTopic groups.unarchive im.close im.list im.replies
        migration.exchange mpim.close mpim.list mpim.replies pins.add pins.list pins.remove
        reactions.list reactions.remove reminders.add reminders.complete reminders.delete
        reminders.info reminders.list search.all search.files search.messages slackLists.create
        slackLists.download.start slackLists.items.delete slackLists.items.deleteMultiple
        slackLists.items.info slackLists.items.list slackLists.update stars.add stars.remove
        team.accessLogs team.billableInfo team.externalTeams.list team.integrationLogs
        usergroups.create usergroups.disable usergroups.enable usergroups.list usergroups.update
        usergroups.users.list usergroups.users.update users.conversations users.deletePhoto
        users.discoverableContacts.lookup users.list users.setPhoto users.setPresence
        workflows.featured.add workflows.featured.list workflows.featured.remove
        workflows.featured.set workflows.stepCompleted workflows.stepFailed workflows.updateStep
    """,
    "tier3": """
        admin.apps.activities.list admin.apps.config.set admin.functions.permissions.lookup
        admin.functions.permissions.set admin.roles.listAssignments admin.teams.admins.list
        admin.teams.list admin.teams.owners.list admin.teams.settings.info
        admin.teams.settings.setName admin.users.list apps.manifest.export apps.manifest.validate
        assistant.threads.setSuggestedPrompts assistant.threads.setTitle auth.revoke
        bookmarks.list bots.info canvases.access.delete canvases.access.set canvases.delete
        canvases.edit canvases.sections.lookup channels.info channels.invite channels.join
        channels.kick channels.leave channels.list channels.mark channels.replies chat.delete
        chat.deleteScheduledMessage chat.meMessage chat.scheduleMessage
        chat.scheduledMessages.list chat.unfurl chat.update conversations.history
        conversations.info conversations.invite conversations.join conversations.kick
        conversations.leave conversations.mark conversations.open conversations.replies
        dnd.info files.delete files.list files.revokePublicURL files.sharedPublicURL
        functions.completeError functions.completeSuccess groups.info groups.invite groups.kick
        groups.leave groups.list groups.mark groups.open im.mark mpim.history mpim.mark mpim.open
        oauth.v2.exchange openid.connect.userInfo reactions.add reactions.get
        slackLists.access.delete slackLists.access.set slackLists.items.create
        slackLists.items.update stars.list team.billing.info team.info team.preferences.list
        team.profile.get users.getPresence users.identity users.lookupByEmail users.profile.set
    """,
    "tier4": """
        admin.auth.policy.assignEntities admin.auth.policy.getEntities
        admin.auth.policy.removeEntities admin.users.getExpiration
        admin.users.session.clearSettings admin.users.session.getSettings
        admin.users.session.setSettings api.test apps.event.authorizations.list chat.appendStream
        chat.postEphemeral conversations.members dialog.open files.completeUploadExternal
        files.getUploadURLExternal files.info im.history im.open oauth.access oauth.v2.access
        openid.connect.token slackLists.download.get users.info users.profile.get views.open
        views.publish views.push views.update
    """,
    "hundreds": "auth.test blocks.validate chat.getPermalink",
}
TIERS: dict[str, str] = {
    method: tier for tier, names in _PUBLISHED.items() for method in names.split()
}


def tier_of(method: str) -> str:
    return TIERS.get(method, DEFAULT_TIER)


def limit_of(method: str) -> Limit:
    return PER_CHANNEL if method in PER_CHANNEL_METHODS else TIER_LIMITS[tier_of(method)]


class RateLimiter:
    """Sliding windows of call instants, one per (method, workspace, app[, channel])."""

    def __init__(self, universe) -> None:
        self.universe = universe
        self._calls: dict[tuple[str, ...], list[float]] = {}

    @property
    def enabled(self) -> bool:
        return self.universe.store.setting(SETTING, "off") == "tiers"

    def admit(self, method: str, team: str, app: str, channel: str = "") -> int | None:
        """Count one call: None if it is within the limit, else the seconds to wait."""
        limit = limit_of(method)
        key = (method, team, app, channel if method in PER_CHANNEL_METHODS else "")
        now = self.universe.clock.now()
        calls = [t for t in self._calls.get(key, []) if now - limit.seconds < t <= now]
        self._calls[key] = calls
        if len(calls) >= limit.calls:
            return max(1, math.ceil(calls[0] + limit.seconds - now))
        calls.append(now)
        return None


def configure(store, mode: str) -> None:
    """Store the universe's rate-limit mode (``off`` or ``tiers``) from the seed options."""
    if mode not in MODES:
        raise ValueError(f"unknown Slack rate_limits {mode!r}; known: {list(MODES)}")
    store.set_setting(SETTING, mode)
