using System.Collections.Concurrent;
using System.Text.Json;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Dynamic;

/// <summary>
/// The router as a caller in one realm, for dynamic authentication and authorization: it sends an ordinary CALL
/// through the realm's dealer, so the INVOCATION reaches the session that registered the procedure like any other
/// call (registration policy, caller disclosure, call timeout, meta API). Its answers arrive as encoded RESULT or
/// ERROR frames on this connection, under the realm lock, and are handed on to awaiting tasks on the thread pool.
/// </summary>
/// <remarks>
/// The router's session never joins the realm (it has no entry in the session meta API) and speaks JSON, so the
/// router can compose arguments with <see cref="Utf8JsonWriter"/> and read answers with <see cref="JsonDocument"/>:
/// this is a cold path (one call per authentication or uncached authorization).
/// </remarks>
internal sealed class RouterCaller : IWampConnection
{
    /// <summary>The authid and role the router's calls carry when a registration discloses its callers.</summary>
    public const string AuthId = "edgewamp.router";

    private readonly Realm _realm;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<RouterCallResult>> _pending = new();
    private long _lastRequestId;

    public RouterCaller(WampRouter router, Realm realm, TaskScheduler scheduler)
    {
        _realm = realm;
        Scheduler = scheduler;
        Session = new WampSession(router, this, AuthMethods.None)
        {
            Id = IdGenerator.NextGlobal(),
            State = SessionState.Established,
            AuthId = AuthId,
            // The router may call any procedure: what it calls comes from the configuration, never from a client.
            Role = new Role(AuthId, [new PermissionRule("", UriMatch.Prefix, WampAction.Call)]),
        };
    }

    internal WampSession Session { get; }

    /// <summary>Where answers are applied: never under the realm lock that delivered them (config: the authentication scheduler).</summary>
    public TaskScheduler Scheduler { get; }

    public WampSerializer Serializer => WampSerializer.Json;

    public string Description => $"router caller in realm '{_realm.Name}'";

    /// <summary>
    /// Calls <paramref name="procedure"/> with the JSON array <paramref name="arguments"/>; the dealer ends the call with
    /// wamp.error.timeout after <paramref name="timeout"/> (CALL.Options.timeout), so the task always completes.
    /// </summary>
    public Task<RouterCallResult> CallAsync(string procedure, ReadOnlySpan<byte> arguments, TimeSpan timeout)
    {
        ulong requestId = (ulong)Interlocked.Increment(ref _lastRequestId);
        var completion = new TaskCompletionSource<RouterCallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = completion;

        // [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list]
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue((int)WampMessageType.Call);
            writer.WriteNumberValue(requestId);
            writer.WriteStartObject();
            writer.WriteNumber("timeout"u8, Math.Max(1, (long)timeout.TotalMilliseconds));
            writer.WriteEndObject();
            writer.WriteStringValue(procedure);
            writer.WriteRawValue(arguments, skipInputValidation: true);
            writer.WriteEndArray();
        }

        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        if (WampHeaderDecoder.TryDecode(WampSerializer.Json, buffer.WrittenSpan, scratch, out MessageHeader call) != DecodeStatus.Ok)
        {
            Complete(requestId, new RouterCallResult { Error = "wamp.error.invalid_argument" });
        }
        else
        {
            _realm.CallFromRouter(Session, call);
        }

        return completion.Task;
    }

    /// <summary>Receives RESULT or ERROR for a call of the router; called under the realm lock, so it only copies and hands on.</summary>
    public WriteResult TryWrite(ReadOnlySpan<byte> message)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        if (WampHeaderDecoder.TryDecode(WampSerializer.Json, message, scratch, out MessageHeader header) != DecodeStatus.Ok)
        {
            return WriteResult.Written;
        }

        // A progressive RESULT is never final; the router does not ask for them, so only a misbehaving callee sends one.
        bool progressive = header.DetailsReader.TryGetBoolean("progress"u8, out bool progress) && progress;
        try
        {
            if (header.Type == WampMessageType.Result && !progressive)
            {
                Complete(header.FirstId, new RouterCallResult { Arguments = ReadArguments(header) });
            }
            else if (header.Type == WampMessageType.Error && header.RequestType == WampMessageType.Call)
            {
                Complete(header.FirstId, new RouterCallResult { Error = System.Text.Encoding.UTF8.GetString(header.Text), Arguments = ReadArguments(header) });
            }
        }
        catch (JsonException)
        {
            // Never thrown into the dealer (we are under the realm lock): an unreadable answer is no answer.
            Complete(header.FirstId, new RouterCallResult { Error = "wamp.error.invalid_argument" });
        }

        return WriteResult.Written;
    }

    /// <summary>The router's caller never closes: it lives as long as the realm.</summary>
    public void Close()
    {
    }

    private void Complete(ulong requestId, RouterCallResult result)
    {
        if (_pending.TryRemove(requestId, out TaskCompletionSource<RouterCallResult>? completion))
        {
            completion.TrySetResult(result);
        }
    }

    private static JsonElement ReadArguments(scoped in MessageHeader header)
    {
        var reader = new ArgumentsReader(header.EncodedPayload);
        ReadOnlySpan<byte> list = header.PayloadCount > 0 && reader.TrySplit(out EncodedPayload arguments, out _)
            ? arguments.Bytes.TrimStart((byte)',')
            : "[]"u8;

        // Cloned so the document's pooled buffers go back at once; the clone outlives the frame.
        using JsonDocument document = JsonDocument.Parse(list.ToArray());
        return document.RootElement.Clone();
    }
}
