using System.Collections.Concurrent;
using System.Text;
using EdgeWamp.Client.Authentication;
using EdgeWamp.Client.Transports;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeWamp.Client;

/// <summary>
/// A WAMP client session (WAMP spec, Basic Profile, plus the client-side features it announces) on any
/// <see cref="IClientTransport"/>. One receive loop decodes each message's header with <see cref="WampHeaderDecoder"/>
/// and hands EVENT payloads to handlers as slices of the frame; sends are encoded with <see cref="WampEncoder"/> in
/// the transport's serializer, transcoding payloads from whatever serializer they were built or received in.
/// </summary>
/// <remarks>
/// Life cycle:
/// 1. <see cref="JoinAsync"/>: HELLO, then CHALLENGE/AUTHENTICATE if the router asks, then WELCOME (or ABORT: an exception);
/// 2. requests, each awaiting its answer by request id; EVENTs and INVOCATIONs run the registered handlers;
/// 3. <see cref="LeaveAsync"/> (GOODBYE and its answer), or the router or the connection ends it: <see cref="Closed"/>
///    completes with the reason and every pending request fails with <see cref="WampConnectionException"/>.
/// </remarks>
public sealed partial class WampClientSession : IAsyncDisposable
{
    // The CHALLENGE strings and error URIs read on the cold path; JSON escapes need a scratch as long as the text.
    private const int TextScratchLength = 4096;
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(2);

    private readonly IClientTransport _transport;
    private readonly IClientAuthenticator? _authenticator;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly OutputBuffer _sendBuffer = new(1024);
    private readonly OutputBuffer _optionsBuffer = new(256);
    private readonly ConcurrentDictionary<ulong, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<ulong, Subscription> _subscriptions = new();
    private readonly ConcurrentDictionary<ulong, Registration> _registrations = new();
    private readonly TaskCompletionSource<ulong> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _goodbyeAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _receiving;
    private long _nextRequestId;
    private volatile bool _leaving;

    private WampClientSession(IClientTransport transport, IClientAuthenticator? authenticator, ILogger? logger)
    {
        _transport = transport;
        _authenticator = authenticator;
        _logger = logger ?? NullLogger.Instance;
    }

    public ulong SessionId { get; private set; }

    public string? AuthId { get; private set; }

    public string? AuthRole { get; private set; }

    public WampSerializer Serializer => _transport.Serializer;

    /// <summary>Completes, with the reason, when the session has ended for any cause.</summary>
    public Task<string> Closed => _closed.Task;

    public bool IsOpen => SessionId != 0 && !_closed.Task.IsCompleted;

    /// <summary>
    /// Joins <paramref name="realm"/> over <paramref name="transport"/> (which the session then owns), authenticating with
    /// <paramref name="authenticator"/> or anonymously when it is null.
    /// </summary>
    /// <exception cref="WampConnectionException">The router answered ABORT, or the connection failed.</exception>
    public static async Task<WampClientSession> JoinAsync(IClientTransport transport, string realm, IClientAuthenticator? authenticator, CancellationToken cancellationToken, ILogger? logger = null)
    {
        var session = new WampClientSession(transport, authenticator, logger);
        try
        {
            session._receiving = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
            await session.SendHelloAsync(realm, cancellationToken).ConfigureAwait(false);
            session.SessionId = await session._welcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SUBSCRIBEs and waits for SUBSCRIBED; <paramref name="handler"/> runs on the receive loop for each EVENT.</summary>
    /// <exception cref="WampException">The router refused (e.g. wamp.error.not_authorized).</exception>
    public async Task<ulong> SubscribeAsync(string topic, WampEventReceiver handler, CancellationToken cancellationToken, WampMatchOptions? options = null)
    {
        var pending = new PendingRequest(WampMessageType.Subscribe) { Uri = topic, EventHandler = handler };
        ulong requestId = NextRequestId();
        _pending[requestId] = pending;
        await SendAsync(requestId, static (session, id, state) => session.EncodeUriRequest(WampMessageType.Subscribe, id, state.Uri!, state.Match, WampPayload.Empty), (Uri: topic, Match: options), cancellationToken).ConfigureAwait(false);
        return await pending.Id.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>REGISTERs and waits for REGISTERED; <paramref name="handler"/> runs for each INVOCATION.</summary>
    /// <exception cref="WampException">The router refused (e.g. wamp.error.procedure_already_exists).</exception>
    public async Task<ulong> RegisterAsync(string procedure, WampInvocationHandler handler, CancellationToken cancellationToken, WampMatchOptions? options = null)
    {
        var pending = new PendingRequest(WampMessageType.Register) { Uri = procedure, InvocationHandler = handler };
        ulong requestId = NextRequestId();
        _pending[requestId] = pending;
        await SendAsync(requestId, static (session, id, state) => session.EncodeUriRequest(WampMessageType.Register, id, state.Uri!, state.Match, WampPayload.Empty), (Uri: procedure, Match: options), cancellationToken).ConfigureAwait(false);
        return await pending.Id.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>UNSUBSCRIBEs and waits for UNSUBSCRIBED.</summary>
    public Task UnsubscribeAsync(ulong subscriptionId, CancellationToken cancellationToken) =>
        EndAsync(WampMessageType.Unsubscribe, subscriptionId, cancellationToken);

    /// <summary>UNREGISTERs and waits for UNREGISTERED.</summary>
    public Task UnregisterAsync(ulong registrationId, CancellationToken cancellationToken) =>
        EndAsync(WampMessageType.Unregister, registrationId, cancellationToken);

    /// <summary>
    /// PUBLISHes. With <see cref="WampPublishOptions.Acknowledge"/> it waits for PUBLISHED and returns the publication id
    /// (a refusal throws <see cref="WampException"/>); otherwise it returns 0 once the message is sent.
    /// </summary>
    public async Task<ulong> PublishAsync(string topic, WampPayload payload, CancellationToken cancellationToken, WampPublishOptions? options = null)
    {
        options ??= WampPublishOptions.Default;
        ulong requestId = NextRequestId();
        PendingRequest? pending = null;
        if (options.Acknowledge)
        {
            pending = new PendingRequest(WampMessageType.Publish);
            _pending[requestId] = pending;
        }

        await SendAsync(requestId, static (session, id, state) => session.EncodePublish(id, state.Topic, state.Payload, state.Options), (Topic: topic, Payload: payload, Options: options), cancellationToken).ConfigureAwait(false);
        return pending is null ? 0 : await pending.Id.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CALLs and waits for RESULT.</summary>
    /// <exception cref="WampException">The router or the callee answered ERROR.</exception>
    public async Task<WampPayload> CallAsync(string procedure, WampPayload payload, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(WampMessageType.Call);
        ulong requestId = NextRequestId();
        _pending[requestId] = pending;
        await SendAsync(requestId, static (session, id, state) => session.EncodeUriRequest(WampMessageType.Call, id, state.Procedure, null, state.Payload), (Procedure: procedure, Payload: payload), cancellationToken).ConfigureAwait(false);
        return await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Says GOODBYE, waits briefly for the router's answer, and closes the connection.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken, string reason = "wamp.close.close_realm")
    {
        if (_closed.Task.IsCompleted)
        {
            return;
        }

        _leaving = true;
        try
        {
            await SendAsync(0, static (session, _, reason) => session.Encode(new GoodbyeMessage { Reason = Encoding.UTF8.GetBytes(reason) }), reason, cancellationToken).ConfigureAwait(false);
            await _goodbyeAnswered.Task.WaitAsync(GoodbyeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WampConnectionException or TimeoutException)
        {
            // Leaving anyway: the connection is closed below.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the connection without GOODBYE (the router sees it drop) and ends the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        if (_receiving is not null)
        {
            await _receiving.ConfigureAwait(false);
        }

        End("wamp.close.disconnected");
    }

    private ulong NextRequestId() => (ulong)Interlocked.Increment(ref _nextRequestId);

    private async Task EndAsync(WampMessageType type, ulong id, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(type);
        ulong requestId = NextRequestId();
        _pending[requestId] = pending;
        await SendAsync(requestId, static (session, request, state) => session.Encode(new RequestIdPairMessage { Type = state.Type, RequestId = request, Id = state.Id }), (Type: type, Id: id), cancellationToken).ConfigureAwait(false);
        await pending.Id.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ = type == WampMessageType.Unsubscribe ? _subscriptions.TryRemove(id, out _) : _registrations.TryRemove(id, out _);
    }

    /// <summary>Encodes one message into the send buffer and sends it; one at a time, in order.</summary>
    private async ValueTask SendAsync<TState>(ulong requestId, Action<WampClientSession, ulong, TState> encode, TState state, CancellationToken cancellationToken)
    {
        if (_closed.Task.IsCompleted)
        {
            _pending.TryRemove(requestId, out _);
            throw new WampConnectionException($"the session has ended ({_closed.Task.Result})");
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.Clear();
            encode(this, requestId, state);
            await _transport.SendAsync(_sendBuffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _pending.TryRemove(requestId, out _);
            if (exception is WampConnectionException)
            {
                throw;
            }

            throw new WampConnectionException($"sending to the router failed: {exception.Message}", exception);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void Encode<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct =>
        WampEncoder.Encode(_sendBuffer, _transport.Serializer, message);

    private void EncodeUriRequest(WampMessageType type, ulong requestId, string uri, WampMatchOptions? match, WampPayload payload)
    {
        _optionsBuffer.Clear();
        var options = new CborWriter(_optionsBuffer);
        bool pattern = match is not null && match.Match != "exact";
        options.WriteStartMap(pattern ? 1 : 0);
        if (pattern)
        {
            options.WritePropertyName("match"u8);
            options.WriteString(Encoding.UTF8.GetBytes(match!.Match));
        }

        options.WriteEndMap();
        Encode(new RequestMessage
        {
            Type = type,
            RequestId = requestId,
            Uri = Encoding.UTF8.GetBytes(uri),
            Options = new EncodedMap(WampSerializer.Cbor, _optionsBuffer.WrittenSpan),
            Payload = payload.AsEncoded(),
        });
    }

    private void EncodePublish(ulong requestId, string topic, WampPayload payload, WampPublishOptions publish)
    {
        _optionsBuffer.Clear();
        var options = new CborWriter(_optionsBuffer);
        options.WriteStartMap((publish.Acknowledge ? 1 : 0) + (publish.ExcludeMe ? 0 : 1) + (publish.Retain ? 1 : 0));
        if (publish.Acknowledge)
        {
            options.WritePropertyName("acknowledge"u8);
            options.WriteBoolean(true);
        }

        if (!publish.ExcludeMe)
        {
            options.WritePropertyName("exclude_me"u8);
            options.WriteBoolean(false);
        }

        if (publish.Retain)
        {
            options.WritePropertyName("retain"u8);
            options.WriteBoolean(true);
        }

        options.WriteEndMap();
        Encode(new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = requestId,
            Uri = Encoding.UTF8.GetBytes(topic),
            Options = new EncodedMap(WampSerializer.Cbor, _optionsBuffer.WrittenSpan),
            Payload = payload.AsEncoded(),
        });
    }

    private async Task SendHelloAsync(string realm, CancellationToken cancellationToken) =>
        await SendAsync(0, static (session, _, realm) => session.EncodeHello(realm), realm, cancellationToken).ConfigureAwait(false);

    /// <summary>HELLO.Details: the roles and features this client implements, and the authentication it offers (WAMP spec, "HELLO").</summary>
    private void EncodeHello(string realm)
    {
        _optionsBuffer.Clear();
        var details = new CborWriter(_optionsBuffer);
        IClientAuthenticator? authenticator = _authenticator;
        int entries = 1 + (authenticator is null ? 0 : 1) + (authenticator?.AuthId is null ? 0 : 1) + (authenticator?.AuthRole is null ? 0 : 1)
            + (authenticator is { AuthExtra.Count: > 0 } ? 1 : 0);
        details.WriteStartMap(entries);
        details.WritePropertyName("roles"u8);
        details.WriteStartMap(4);
        WriteRole(ref details, "publisher"u8, "publisher_exclusion"u8, "publisher_identification"u8);
        WriteRole(ref details, "subscriber"u8, "pattern_based_subscription"u8, "publisher_identification"u8);
        WriteRole(ref details, "caller"u8, "caller_identification"u8, "caller_identification"u8);
        WriteRole(ref details, "callee"u8, "pattern_based_registration"u8, "caller_identification"u8);
        details.WriteEndMap();
        if (authenticator is not null)
        {
            details.WritePropertyName("authmethods"u8);
            details.WriteStartArray(1);
            details.WriteString(Encoding.UTF8.GetBytes(authenticator.Method));
            details.WriteEndArray();
            if (authenticator.AuthId is { } authId)
            {
                details.WritePropertyName("authid"u8);
                details.WriteString(Encoding.UTF8.GetBytes(authId));
            }

            if (authenticator.AuthRole is { } authRole)
            {
                details.WritePropertyName("authrole"u8);
                details.WriteString(Encoding.UTF8.GetBytes(authRole));
            }

            if (authenticator.AuthExtra.Count > 0)
            {
                details.WritePropertyName("authextra"u8);
                details.WriteStartMap(authenticator.AuthExtra.Count);
                foreach (KeyValuePair<string, string> entry in authenticator.AuthExtra)
                {
                    details.WritePropertyName(Encoding.UTF8.GetBytes(entry.Key));
                    details.WriteString(Encoding.UTF8.GetBytes(entry.Value));
                }

                details.WriteEndMap();
            }
        }

        details.WriteEndMap();
        Encode(new HelloMessage { Realm = Encoding.UTF8.GetBytes(realm), Details = new EncodedMap(WampSerializer.Cbor, _optionsBuffer.WrittenSpan) });
    }

    /// <summary>"role": {"features": {first: true, second: true}} (a repeated feature is written once).</summary>
    private static void WriteRole(ref CborWriter writer, ReadOnlySpan<byte> role, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        bool two = !first.SequenceEqual(second);
        writer.WritePropertyName(role);
        writer.WriteStartMap(1);
        writer.WritePropertyName("features"u8);
        writer.WriteStartMap(two ? 2 : 1);
        writer.WritePropertyName(first);
        writer.WriteBoolean(true);
        if (two)
        {
            writer.WritePropertyName(second);
            writer.WriteBoolean(true);
        }

        writer.WriteEndMap();
        writer.WriteEndMap();
    }

    /// <summary>Ends the session once: completes <see cref="Closed"/> and fails whatever waits for an answer.</summary>
    private void End(string reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        _welcome.TrySetException(new WampConnectionException($"the session ended before WELCOME: {reason}"));
        _goodbyeAnswered.TrySetResult();
        foreach (ulong requestId in _pending.Keys)
        {
            if (_pending.TryRemove(requestId, out PendingRequest? pending))
            {
                pending.Fail(new WampConnectionException($"the session ended: {reason}"));
            }
        }
    }

    /// <summary>One request waiting for its answer, and what SUBSCRIBED/REGISTERED then install.</summary>
    private sealed class PendingRequest(WampMessageType type)
    {
        public WampMessageType Type { get; } = type;

        public TaskCompletionSource<ulong> Id { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<WampPayload> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Uri { get; init; }

        public WampEventReceiver? EventHandler { get; init; }

        public WampInvocationHandler? InvocationHandler { get; init; }

        /// <summary>Fails the one task its requester awaits (the other is never observed).</summary>
        public void Fail(Exception exception)
        {
            if (Type == WampMessageType.Call)
            {
                Result.TrySetException(exception);
            }
            else
            {
                Id.TrySetException(exception);
            }
        }
    }

    private sealed record Subscription(byte[] Topic, WampEventReceiver Handler);

    private sealed record Registration(string Procedure, WampInvocationHandler Handler);
}
