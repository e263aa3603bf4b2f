using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Meta;

// Session Meta API procedures (WAMP spec, "Session Meta API").
internal sealed partial class RealmMetaApi
{
    private bool TryCallSessionApi(WampSession caller, ulong requestId, ReadOnlySpan<byte> procedure, ArgumentsReader arguments)
    {
        if (procedure.SequenceEqual("wamp.session.count"u8))
        {
            CollectSessions(arguments, caller: null);
            Reply(caller, requestId, new CountPayload(_ids.Count));
        }
        else if (procedure.SequenceEqual("wamp.session.list"u8))
        {
            CollectSessions(arguments, caller: null);
            Reply(caller, requestId, new IdListPayload(_ids));
        }
        else if (procedure.SequenceEqual("wamp.session.get"u8))
        {
            if (arguments.TryGetUInt64(0, out ulong id) && _sessions.TryGetValue(id, out WampSession? session))
            {
                Reply(caller, requestId, new SessionDetailsPayload(session));
            }
            else
            {
                Fail(caller, requestId, "wamp.error.no_such_session"u8, default);
            }
        }
        else if (procedure.SequenceEqual("wamp.session.kill"u8))
        {
            // The caller's own id is "no such session": there is no *other* session with it (spec).
            if (!arguments.TryGetUInt64(0, out ulong id) || id == caller.Id || !_sessions.TryGetValue(id, out WampSession? victim))
            {
                Fail(caller, requestId, "wamp.error.no_such_session"u8, default);
            }
            else if (ReadCloseReason(arguments, out string reason, out string? message))
            {
                _victims.Clear();
                _victims.Add(victim);
                KillVictims(reason, message);
                Reply(caller, requestId, new EmptyPayload());
            }
            else
            {
                Fail(caller, requestId, WampErrors.InvalidUri, "reason must be a valid URI"u8);
            }
        }
        else if (procedure.SequenceEqual("wamp.session.kill_by_authid"u8) || procedure.SequenceEqual("wamp.session.kill_by_authrole"u8) || procedure.SequenceEqual("wamp.session.kill_all"u8))
        {
            KillMany(caller, requestId, procedure, arguments);
        }
        else
        {
            return false;
        }

        return true;
    }

    private void KillMany(WampSession caller, ulong requestId, ReadOnlySpan<byte> procedure, ArgumentsReader arguments)
    {
        bool byAuthId = procedure.SequenceEqual("wamp.session.kill_by_authid"u8);
        bool byAuthRole = procedure.SequenceEqual("wamp.session.kill_by_authrole"u8);
        Span<byte> scratch = stackalloc byte[256];
        scoped ReadOnlySpan<byte> filter = default;
        if ((byAuthId || byAuthRole) && !arguments.TryGetString(0, scratch, out filter))
        {
            Fail(caller, requestId, WampErrors.InvalidArgument, "the first argument must be a string"u8);
            return;
        }

        if (!ReadCloseReason(arguments, out string reason, out string? message))
        {
            Fail(caller, requestId, WampErrors.InvalidUri, "reason must be a valid URI"u8);
            return;
        }

        // The caller's own session is never among those it kills (spec).
        _victims.Clear();
        foreach (WampSession session in _sessions.Values)
        {
            bool matches = byAuthId ? session.Utf8AuthId.AsSpan().SequenceEqual(filter)
                : !byAuthRole || session.Role!.Utf8Name.AsSpan().SequenceEqual(filter);
            if (matches && !ReferenceEquals(session, caller))
            {
                _victims.Add(session);
            }
        }

        int killed = _victims.Count;
        KillVictims(reason, message);
        Reply(caller, requestId, new CountPayload(killed));
    }

    private void KillVictims(string reason, string? message)
    {
        foreach (WampSession victim in _victims)
        {
            _kill(victim, reason, message);
        }

        _victims.Clear();
    }

    /// <summary>kwargs reason (a URI, default wamp.close.normal) and message.</summary>
    private static bool ReadCloseReason(ArgumentsReader arguments, out string reason, out string? message)
    {
        Span<byte> scratch = stackalloc byte[512];
        DetailsReader keywords = arguments.Keywords;
        reason = "wamp.close.normal";
        message = keywords.TryGetString("message"u8, scratch, out ReadOnlySpan<byte> text) ? Encoding.UTF8.GetString(text) : null;
        if (keywords.TryGetString("reason"u8, scratch, out ReadOnlySpan<byte> uri))
        {
            if (!WampUriValidator.IsValid(uri))
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(uri);
        }

        return true;
    }

    /// <summary>Fills the id list with the realm's sessions, filtered by the optional list of authroles in args[0].</summary>
    private void CollectSessions(ArgumentsReader arguments, WampSession? caller)
    {
        _ids.Clear();
        bool filtered = arguments.ArgumentCount > 0;
        foreach (WampSession session in _sessions.Values)
        {
            if (ReferenceEquals(session, caller) || (filtered && !arguments.FirstListContainsString(session.Role!.Utf8Name)))
            {
                continue;
            }

            _ids.Add(session.Id);
        }
    }
}
