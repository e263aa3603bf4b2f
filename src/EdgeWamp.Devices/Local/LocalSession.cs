using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Router;
using EdgeWamp.Router.Sessions;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Local;

/// <summary>
/// An in-process WAMP client session on the router: it is an <see cref="IWampConnection"/> like a socket, so the
/// router authenticates, authorizes and routes it exactly as a remote peer (no second routing path), and it speaks
/// real WAMP messages in CBOR, encoded with <see cref="WampEncoder"/> and decoded with <see cref="WampHeaderDecoder"/>.
/// Like nexus's <c>transport/localpeer.go</c>.
/// </summary>
/// <remarks>
/// The router may write to a connection while holding its realm lock, so <see cref="TryWrite"/> only copies the
/// message into a bounded inbox; a background loop handles the inbox (WELCOME, REGISTERED, INVOCATION, ...) and sends
/// answers, one at a time, through <see cref="IWampPeer.Receive"/>.
/// </remarks>
public sealed class LocalSession : IWampConnection, IAsyncDisposable
{
    // An INVOCATION burst for a device bridge is small; past this the router is told the session is full.
    private const int InboxCapacity = 256;

    private readonly ILogger _logger;
    private readonly Channel<byte[]> _inbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(InboxCapacity) { SingleReader = true });
    private readonly Lock _sendLock = new();
    private readonly OutputBuffer _sendBuffer = new(512);
    private readonly OutputBuffer _scratchBuffer = new(256);
    private readonly OutputBuffer _resultBuffer = new(256);
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<ulong>> _pendingRegistrations = new();
    private readonly ConcurrentDictionary<ulong, InvocationResultHandler> _handlers = new();
    private readonly TaskCompletionSource<ulong> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WampSession? _peer;
    private Task? _processing;
    private ulong _nextRequestId;
    private volatile bool _closed;

    public LocalSession(string description, ILogger logger)
    {
        Description = description;
        _logger = logger;
    }

    public WampSerializer Serializer => WampSerializer.Cbor;

    public string Description { get; }

    /// <summary>The session id once joined, else 0.</summary>
    public ulong SessionId { get; private set; }

    public bool IsJoined => SessionId != 0 && !_closed;

    /// <summary>PUBLISH messages sent.</summary>
    public long Published { get; private set; }

    /// <summary>
    /// Opens the session on <paramref name="router"/> as a connection of a listener with <paramref name="authMethods"/>,
    /// sends HELLO and waits for WELCOME.
    /// </summary>
    /// <remarks>
    /// With <see cref="AuthMethods.Trusted"/> the session offers only the router-internal method "trusted" and asks for
    /// <paramref name="authRole"/>, a role of the realm (null: the router's built-in role "trusted"); otherwise it joins
    /// as anonymous.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The router answered ABORT (no such realm, no authentication method, no such role).</exception>
    public async Task<ulong> JoinAsync(WampRouter router, AuthMethods authMethods, string realm, CancellationToken cancellationToken, string? authRole = null)
    {
        _peer = router.OpenSession(this, authMethods);
        _processing = Task.Run(ProcessInboxAsync, CancellationToken.None);
        lock (_sendLock)
        {
            _scratchBuffer.Clear();
            var details = new CborWriter(_scratchBuffer);
            WriteHelloDetails(ref details, (authMethods & AuthMethods.Trusted) != 0, authRole);
            Send(new HelloMessage { Realm = Encoding.UTF8.GetBytes(realm), Details = new EncodedMap(WampSerializer.Cbor, _scratchBuffer.WrittenSpan) });
        }

        SessionId = await _welcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _logger.LocalSessionJoined(Description, realm, SessionId);
        return SessionId;
    }

    /// <summary>PUBLISH Options <c>{"retain": true}</c> in CBOR (WAMP spec, "Event Retention").</summary>
    private static ReadOnlySpan<byte> RetainOptions => [0xA1, 0x66, (byte)'r', (byte)'e', (byte)'t', (byte)'a', (byte)'i', (byte)'n', 0xF5];

    /// <summary>REGISTERs <paramref name="procedure"/> and waits for REGISTERED; each INVOCATION then runs <paramref name="handler"/>.</summary>
    public Task<ulong> RegisterAsync(string procedure, InvocationHandler handler, CancellationToken cancellationToken) =>
        RegisterAsync(procedure, (ReadOnlySpan<byte> arguments, int count, OutputBuffer _, out int resultCount) =>
        {
            resultCount = 0;
            return handler(arguments, count);
        }, cancellationToken);

    /// <summary>REGISTERs <paramref name="procedure"/>; each INVOCATION then runs <paramref name="handler"/>, whose result is the YIELD's payload.</summary>
    public async Task<ulong> RegisterAsync(string procedure, InvocationResultHandler handler, CancellationToken cancellationToken)
    {
        var registered = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sendLock)
        {
            ulong requestId = ++_nextRequestId;
            _pendingRegistrations[requestId] = registered;
            Send(new RequestMessage { Type = WampMessageType.Register, RequestId = requestId, Uri = Encoding.UTF8.GetBytes(procedure) });
        }

        ulong registrationId = await registered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _handlers[registrationId] = handler;
        return registrationId;
    }

    /// <summary>
    /// PUBLISHes to <paramref name="topic"/> with the already encoded CBOR <paramref name="payload"/> (Arguments, then
    /// optionally ArgumentsKw). Returns false when the session is not joined.
    /// </summary>
    public bool Publish(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int payloadCount) => Publish(topic, payload, payloadCount, retain: false);

    /// <summary>
    /// PUBLISHes like <see cref="Publish(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/>; with <paramref name="retain"/>
    /// the broker keeps the event as the topic's retained event, which a subscriber asks for with <c>get_retained</c>.
    /// </summary>
    public bool Publish(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int payloadCount, bool retain)
    {
        if (!IsJoined)
        {
            return false;
        }

        lock (_sendLock)
        {
            Send(new RequestMessage
            {
                Type = WampMessageType.Publish,
                RequestId = ++_nextRequestId,
                Options = retain ? new EncodedMap(WampSerializer.Cbor, RetainOptions) : default,
                Uri = topic,
                Payload = new EncodedPayload(WampSerializer.Cbor, payload, payloadCount),
            });
            Published++;
        }

        return true;
    }

    /// <summary>Reads the first positional argument of an INVOCATION payload as text.</summary>
    public static bool TryReadFirstString(ReadOnlySpan<byte> arguments, int count, out string value)
    {
        value = string.Empty;
        if (count == 0)
        {
            return false;
        }

        var reader = new CborSpanReader(arguments);
        if (!reader.TryReadStartArray(out ContainerCursor cursor) || reader.MoveNext(ref cursor) != NextItem.Item)
        {
            return false;
        }

        // The invocation path is cold (a line write): a heap scratch keeps the reader's span lifetimes simple.
        byte[] scratch = new byte[reader.GetScratchLength()];
        if (!reader.TryReadString(scratch, out ReadOnlySpan<byte> utf8))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(utf8);
        return true;
    }

    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        if (_closed)
        {
            return WriteResult.Closed;
        }

        if (!_inbox.Writer.TryWrite(message.ToArray()))
        {
            _logger.LocalInboxFull(Description);
            return WriteResult.Full;
        }

        return WriteResult.Written;
    }

    /// <summary>The router closed the session (ABORT, shutdown): stop, and tell the router the connection is gone.</summary>
    public void Close()
    {
        _closed = true;
        _inbox.Writer.TryComplete();
    }

    /// <summary>Leaves: the router forgets the session as if its connection dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        if (_processing is not null)
        {
            await _processing.ConfigureAwait(false);
        }

        _welcome.TrySetCanceled();
        lock (_sendLock)
        {
            _sendBuffer.Dispose();
            _scratchBuffer.Dispose();
            _resultBuffer.Dispose();
        }
    }

    /// <summary>{"roles": {"publisher": {}, "callee": {}}}: what this session does (WAMP spec, "HELLO").</summary>
    private void WriteHelloDetails(ref CborWriter writer, bool trusted, string? authRole)
    {
        writer.WriteStartMap(1 + (trusted ? 2 : 0) + (trusted && authRole is not null ? 1 : 0));
        if (trusted)
        {
            writer.WritePropertyName("authmethods"u8);
            writer.WriteStartArray(1);
            writer.WriteString("trusted"u8);
            writer.WriteEndArray();
            writer.WritePropertyName("authid"u8);
            writer.WriteString(Encoding.UTF8.GetBytes(Description));
            if (authRole is not null)
            {
                writer.WritePropertyName("authrole"u8);
                writer.WriteString(Encoding.UTF8.GetBytes(authRole));
            }
        }

        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(2);
        writer.WritePropertyName("publisher"u8);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WritePropertyName("callee"u8);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
    }

    /// <summary>Encodes and hands one message to the router. Callers hold <see cref="_sendLock"/>: the peer takes one message at a time.</summary>
    private void Send<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        if (_closed || _peer is null)
        {
            return;
        }

        _sendBuffer.Clear();
        WampEncoder.Encode(_sendBuffer, WampSerializer.Cbor, message);

        // The subscribers' connections send on this thread once the message is routed (SendBatch), outside the realm lock.
        SendBatch.Open();
        try
        {
            _peer.Receive(_sendBuffer.WrittenSpan);
        }
        finally
        {
            SendBatch.Close();
        }
    }

    private async Task ProcessInboxAsync()
    {
        await foreach (byte[] message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Handle(message);
        }

        // The router closed the session, or we are leaving: the connection is gone either way.
        _welcome.TrySetException(new InvalidOperationException($"{Description}: the router closed the session before WELCOME"));
        foreach (TaskCompletionSource<ulong> pending in _pendingRegistrations.Values)
        {
            pending.TrySetException(new InvalidOperationException($"{Description}: the session ended"));
        }

        lock (_sendLock)
        {
            _peer?.OnDisconnected();
        }
    }

    private void Handle(byte[] message)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        if (WampHeaderDecoder.TryDecode(WampSerializer.Cbor, message, scratch, out MessageHeader header) != DecodeStatus.Ok)
        {
            return;
        }

        switch (header.Type)
        {
            case WampMessageType.Welcome:
                _welcome.TrySetResult(header.FirstId);
                break;
            case WampMessageType.Abort:
                string reason = Encoding.UTF8.GetString(header.Text);
                _logger.LocalSessionEnded(Description, reason);
                _welcome.TrySetException(new InvalidOperationException($"{Description}: the router refused the session: {reason}"));
                Close();
                break;
            case WampMessageType.Goodbye:
                // The router is shutting down (WAMP spec, "Session Closing"): answer, then the session is over.
                lock (_sendLock)
                {
                    Send(new GoodbyeMessage { Reason = "wamp.close.goodbye_and_out"u8 });
                }

                _logger.LocalSessionEnded(Description, Encoding.UTF8.GetString(header.Text));
                Close();
                break;
            case WampMessageType.Registered:
                if (_pendingRegistrations.TryRemove(header.FirstId, out TaskCompletionSource<ulong>? registered))
                {
                    registered.TrySetResult(header.SecondId);
                }

                break;
            case WampMessageType.Error:
                string error = Encoding.UTF8.GetString(header.Text);
                _logger.LocalRequestFailed(Description, header.RequestType.ToString(), error);
                if (_pendingRegistrations.TryRemove(header.FirstId, out TaskCompletionSource<ulong>? refused))
                {
                    refused.TrySetException(new InvalidOperationException($"{Description}: REGISTER refused: {error}"));
                }

                break;
            case WampMessageType.Invocation:
                Invoke(header.FirstId, header.SecondId, header.Payload, header.PayloadCount);
                break;
        }
    }

    private void Invoke(ulong requestId, ulong registrationId, ReadOnlySpan<byte> payload, int count)
    {
        // Handlers run one at a time on the inbox loop, so one result buffer serves them all.
        string? error;
        int resultCount = 0;
        _resultBuffer.Clear();
        try
        {
            error = _handlers.TryGetValue(registrationId, out InvocationResultHandler? handler)
                ? handler(payload, count, _resultBuffer, out resultCount)
                : "wamp.error.no_such_registration";
        }
        catch (Exception exception)
        {
            _logger.InvocationHandlerFailed(Description, exception);
            error = "wamp.error.runtime_error";
        }

        lock (_sendLock)
        {
            if (error is null)
            {
                Send(new RequestMessage
                {
                    Type = WampMessageType.Yield,
                    RequestId = requestId,
                    Payload = resultCount == 0 ? default : new EncodedPayload(WampSerializer.Cbor, _resultBuffer.WrittenSpan, resultCount),
                });
            }
            else
            {
                Send(new ErrorMessage { RequestType = WampMessageType.Invocation, RequestId = requestId, Error = Encoding.UTF8.GetBytes(error) });
            }
        }
    }
}
