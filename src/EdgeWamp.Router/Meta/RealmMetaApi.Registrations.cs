using EdgeWamp.Protocol.Codec;
using EdgeWamp.Router.Dealer;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Meta;

// Registration Meta API procedures (WAMP spec, "Registration Meta API").
internal sealed partial class RealmMetaApi
{
    private bool TryCallRegistrationApi(WampSession caller, ulong requestId, ReadOnlySpan<byte> procedure, ArgumentsReader arguments)
    {
        if (!procedure.StartsWith("wamp.registration."u8))
        {
            return false;
        }

        ReadOnlySpan<byte> name = procedure["wamp.registration.".Length..];
        Span<byte> scratch = stackalloc byte[512];
        if (name.SequenceEqual("list"u8))
        {
            _ids.Clear();
            _prefixIds.Clear();
            _wildcardIds.Clear();
            foreach (Registration registration in _dealer.Registrations)
            {
                IdsFor(registration.Match).Add(registration.Id);
            }

            Reply(caller, requestId, new ListByPolicyPayload(_ids, _prefixIds, _wildcardIds));
        }
        else if (name.SequenceEqual("lookup"u8))
        {
            UriMatchPolicy match = MatchOption(arguments);
            Registration? found = arguments.TryGetString(0, scratch, out ReadOnlySpan<byte> uri) ? _dealer.Lookup(match, uri) : null;
            Reply(caller, requestId, new OptionalIdPayload(found?.Id ?? 0));
        }
        else if (name.SequenceEqual("match"u8))
        {
            Registration? found = arguments.TryGetString(0, scratch, out ReadOnlySpan<byte> uri) ? _dealer.Match(uri) : null;
            Reply(caller, requestId, new OptionalIdPayload(found?.Id ?? 0));
        }
        else if (name.SequenceEqual("get"u8))
        {
            if (FindRegistration(arguments) is { } registration)
            {
                Reply(caller, requestId, Describe(0, registration));
            }
            else
            {
                Fail(caller, requestId, WampErrors.NoSuchRegistration, default);
            }
        }
        else if (name.SequenceEqual("list_callees"u8) || name.SequenceEqual("count_callees"u8))
        {
            if (FindRegistration(arguments) is not { } registration)
            {
                Fail(caller, requestId, WampErrors.NoSuchRegistration, default);
            }
            else if (name.SequenceEqual("count_callees"u8))
            {
                Reply(caller, requestId, new CountPayload(registration.Callees.Count));
            }
            else
            {
                _ids.Clear();
                foreach (WampSession callee in registration.Callees)
                {
                    _ids.Add(callee.Id);
                }

                Reply(caller, requestId, new IdListPayload(_ids));
            }
        }
        else if (name.SequenceEqual("remove_callee"u8))
        {
            RemoveCallee(caller, requestId, arguments);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>wamp.registration.remove_callee(registration|id, session|id) with kwargs reason: revokes (spec: "Registration Revocation").</summary>
    private void RemoveCallee(WampSession caller, ulong requestId, ArgumentsReader arguments)
    {
        if (FindRegistration(arguments) is not { } registration)
        {
            Fail(caller, requestId, WampErrors.NoSuchRegistration, default);
            return;
        }

        if (!arguments.TryGetUInt64(1, out ulong sessionId) || !_sessions.TryGetValue(sessionId, out WampSession? callee) || !registration.Callees.Contains(callee))
        {
            Fail(caller, requestId, "wamp.error.no_such_session"u8, default);
            return;
        }

        Span<byte> scratch = stackalloc byte[256];
        ReadOnlySpan<byte> reason = arguments.Keywords.TryGetString("reason"u8, scratch, out ReadOnlySpan<byte> given) ? given : "wamp.error.registration_revoked"u8;
        _dealer.Revoke(callee, registration, reason);
        Reply(caller, requestId, new EmptyPayload());
    }

    private Registration? FindRegistration(ArgumentsReader arguments) =>
        arguments.TryGetUInt64(0, out ulong id) ? _dealer.Find(id) : null;
}
