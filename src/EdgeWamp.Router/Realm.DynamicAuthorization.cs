using System.Text.Json;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Dynamic;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router;

/// <summary>
/// Dynamic authorization (docs/security.md, "Dynamic authorization"): what a role's static rules do not allow, its
/// authorizer procedure decides. The message waits, copied, without holding the realm lock; the session's later
/// messages queue behind it, so their order is kept; the answer is applied under the lock and the queue drained.
/// </summary>
public sealed partial class Realm
{
    /// <summary>Messages a session may have waiting behind authorizations before it is closed: a bound on memory.</summary>
    internal const int MaxParkedMessages = 256;

    /// <summary>Cached decisions per session; when full the cache starts over (it only saves authorizer calls).</summary>
    internal const int MaxCachedDecisionsPerSession = 256;

    // Bumped when cached decisions may no longer hold: roles reloaded, or a registration (perhaps an authorizer's) gone.
    private long _authorizationGeneration;

    private void InvalidateAuthorizations() => _authorizationGeneration++;

    /// <summary>
    /// Under the realm lock. True when the message was taken care of here: parked (behind others, or for the
    /// authorizer), or decided from the cache. False when ordinary routing should handle it (no authorizer needed).
    /// </summary>
    private bool TryAuthorizeDynamically(WampSession session, scoped in MessageHeader message, ReadOnlySpan<byte> frame)
    {
        if (session.ParkedMessages is { } queue)
        {
            if (queue.Count >= MaxParkedMessages)
            {
                _logger.TooManyParkedMessages(session.Id, MaxParkedMessages);
                Kill(session, "edgewamp.close.too_many_pending_authorizations", "too many messages waiting for authorization");
                return true;
            }

            queue.Enqueue(frame.ToArray());
            return true;
        }

        if (!NeedsAuthorizer(session, message, out WampAction action))
        {
            return false;
        }

        if (TryGetCached(session, message.Text, action, out AuthorizationDecision cached))
        {
            Apply(session, message, cached);
            return true;
        }

        if (frame.IsEmpty)
        {
            // Only a caller that cannot supply the frame gets here (none in the router): fail secure.
            Apply(session, message, AuthorizationDecision.Deny);
            return true;
        }

        session.ParkedMessages = new Queue<byte[]>();
        session.ParkedMessages.Enqueue(frame.ToArray());
        AskAuthorizer(session, message.Text, action);
        return true;
    }

    /// <summary>Whether the message is an action the role's static rules do not allow, so its authorizer must decide.</summary>
    private static bool NeedsAuthorizer(WampSession session, scoped in MessageHeader message, out WampAction action)
    {
        action = message.Type switch
        {
            WampMessageType.Call => WampAction.Call,
            WampMessageType.Register => WampAction.Register,
            WampMessageType.Publish => WampAction.Publish,
            WampMessageType.Subscribe => WampAction.Subscribe,
            _ => WampAction.None,
        };
        Role role = session.Role!;
        return action != WampAction.None && role.Authorizer is not null && !role.IsAllowed(action, message.Text);
    }

    private bool TryGetCached(WampSession session, ReadOnlySpan<byte> uri, WampAction action, out AuthorizationDecision decision)
    {
        if (session.AuthorizationCache is { } cache
            && cache.TryGetValue((System.Text.Encoding.UTF8.GetString(uri), action), out CachedDecision entry)
            && entry.Generation == _authorizationGeneration)
        {
            decision = entry.Decision;
            return true;
        }

        decision = default;
        return false;
    }

    /// <summary>
    /// Calls the role's authorizer with (session details, uri, action) through this realm's dealer; the answer is
    /// applied on the thread pool by <see cref="OnAuthorizerAnswered"/>. Under the realm lock (re-entered by the call).
    /// </summary>
    private void AskAuthorizer(WampSession session, ReadOnlySpan<byte> uri, WampAction action)
    {
        Role role = session.Role!;
        var pending = new PendingAuthorization(this, session, role.Authorizer!, System.Text.Encoding.UTF8.GetString(uri), action, _authorizationGeneration);
        session.PendingAuthorization = pending;
        byte[] arguments = AuthorizerArguments(session, pending);
        RouterCaller!.CallAsync(pending.Procedure, arguments, role.AuthorizerTimeout)
            .ContinueWith(
                static (answer, state) => ((PendingAuthorization)state!).Realm.OnAuthorizerAnswered((PendingAuthorization)state!, answer.Result),
                pending,
                CancellationToken.None,
                TaskContinuationOptions.None,
                RouterCaller.Scheduler);
    }

    /// <summary>[{session, authid, authrole, authmethod}, uri, action] (the convention of Crossbar.io's dynamic authorizers).</summary>
    private static byte[] AuthorizerArguments(WampSession session, PendingAuthorization pending)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteNumber("session"u8, session.Id);
            writer.WriteString("authid"u8, session.AuthId);
            writer.WriteString("authrole"u8, session.Role!.Name);
            writer.WriteString("authmethod"u8, session.Utf8AuthMethod);
            writer.WriteEndObject();
            writer.WriteStringValue(pending.Uri);
            writer.WriteStringValue(ActionName(pending.Action));
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void OnAuthorizerAnswered(PendingAuthorization pending, RouterCallResult answer)
    {
        WampSession session = pending.Session;
        AuthorizationDecision decision = Interpret(pending, answer, out string? failure);
        if (failure is not null)
        {
            _logger.AuthorizerFailed(pending.Procedure, session.Id, ActionName(pending.Action), pending.Uri, failure);
        }

        lock (_lock)
        {
            // The session may have left, or its queue been dropped, while the authorizer was deciding.
            if (!ReferenceEquals(session.PendingAuthorization, pending) || !ReferenceEquals(session.Realm, this) || session.ParkedMessages is not { Count: > 0 } queue)
            {
                return;
            }

            session.PendingAuthorization = null;
            if (decision.Cache && pending.Generation == _authorizationGeneration)
            {
                Remember(session, pending, decision);
            }

            byte[] head = queue.Dequeue();
            Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
            if (WampHeaderDecoder.TryDecode(session.Serializer, head, scratch, out MessageHeader message) == DecodeStatus.Ok)
            {
                Apply(session, message, decision);
            }

            DrainParked(session);
        }
    }

    /// <summary>Routes the parked messages in order until one needs the authorizer again (it stays at the head) or none are left.</summary>
    private void DrainParked(WampSession session)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        while (ReferenceEquals(session.Realm, this) && session.PendingAuthorization is null && session.ParkedMessages is { } queue)
        {
            if (queue.Count == 0)
            {
                session.ParkedMessages = null;
                return;
            }

            byte[] frame = queue.Peek();
            if (WampHeaderDecoder.TryDecode(session.Serializer, frame, scratch, out MessageHeader message) != DecodeStatus.Ok)
            {
                queue.Dequeue();
                continue;
            }

            if (NeedsAuthorizer(session, message, out WampAction action))
            {
                if (!TryGetCached(session, message.Text, action, out AuthorizationDecision cached))
                {
                    AskAuthorizer(session, message.Text, action);
                    return;
                }

                queue.Dequeue();
                Apply(session, message, cached);
                continue;
            }

            queue.Dequeue();
            Route(session, message);
        }
    }

    /// <summary>Routes the message with the authorizer's grant, or answers it as not authorized.</summary>
    private void Apply(WampSession session, scoped in MessageHeader message, AuthorizationDecision decision)
    {
        if (decision.Allow)
        {
            session.DynamicGrant = decision;
            try
            {
                Route(session, message);
            }
            finally
            {
                session.DynamicGrant = null;
            }

            return;
        }

        // WAMP spec: a refused CALL, REGISTER, SUBSCRIBE or acknowledged PUBLISH gets ERROR not_authorized;
        // a plain PUBLISH gets no answer at all.
        if (message.Type == WampMessageType.Publish
            && !(message.DetailsReader.TryGetBoolean("acknowledge"u8, out bool acknowledge) && acknowledge))
        {
            return;
        }

        _output.SendError(session, message.Type, message.FirstId, WampErrors.NotAuthorized, "denied by the authorizer"u8);
    }

    private static void Remember(WampSession session, PendingAuthorization pending, AuthorizationDecision decision)
    {
        Dictionary<(string, WampAction), CachedDecision> cache = session.AuthorizationCache ??= [];
        if (cache.Count >= MaxCachedDecisionsPerSession)
        {
            cache.Clear();
        }

        cache[(pending.Uri, pending.Action)] = new CachedDecision(decision, pending.Generation);
    }

    /// <summary>true / false, or {allow, disclose?, cache?}; anything else, an error or a timeout denies.</summary>
    private static AuthorizationDecision Interpret(PendingAuthorization pending, RouterCallResult answer, out string? failure)
    {
        failure = null;
        if (answer.Error is { } error)
        {
            failure = error;
            return AuthorizationDecision.Deny;
        }

        if (!answer.TryGetFirst(out JsonElement first))
        {
            failure = "no result; expected true, false or {allow, disclose, cache}";
            return AuthorizationDecision.Deny;
        }

        switch (first.ValueKind)
        {
            case JsonValueKind.True: return new AuthorizationDecision(true);
            case JsonValueKind.False: return AuthorizationDecision.Deny;
            case JsonValueKind.Object when first.TryGetProperty("allow", out JsonElement allow) && allow.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return new AuthorizationDecision(allow.GetBoolean(), IsTrue(first, "disclose"), IsTrue(first, "cache"));
            default:
                failure = $"result {first.ValueKind} of {pending.Procedure}; expected true, false or {{allow, disclose, cache}}";
                return AuthorizationDecision.Deny;
        }
    }

    private static bool IsTrue(JsonElement map, string key) => map.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static string ActionName(WampAction action) => action switch
    {
        WampAction.Call => "call",
        WampAction.Register => "register",
        WampAction.Publish => "publish",
        _ => "subscribe",
    };
}
