using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

// Remote procedure calls: WAMP spec, Basic Profile, "Remote Procedure Calls".

/// <summary>
/// Messages made of a request id, an Options or Details map, an optional URI and a payload:
/// [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict],
/// [SUBSCRIBE, Request|id, Options|dict, Topic|uri],
/// [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict],
/// [REGISTER, Request|id, Options|dict, Procedure|uri],
/// [RESULT, CALL.Request|id, Details|dict, Arguments|list, ArgumentsKw|dict],
/// [YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict].
/// </summary>
public readonly ref struct RequestMessage : IWampMessage
{
    public WampMessageType Type { get; init; }

    public ulong RequestId { get; init; }

    public EncodedMap Options { get; init; }

    /// <summary>The topic or procedure for PUBLISH, SUBSCRIBE, CALL and REGISTER; unused for RESULT and YIELD.</summary>
    public ReadOnlySpan<byte> Uri { get; init; }

    public EncodedPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        bool hasUri = Type is WampMessageType.Call or WampMessageType.Register or WampMessageType.Publish or WampMessageType.Subscribe;
        writer.WriteStartArray((hasUri ? 4 : 3) + Payload.Count);
        writer.WriteUInt64((ulong)Type);
        writer.WriteUInt64(RequestId);
        PayloadTranscoder.WriteMap(ref writer, Options.Serializer, Options.Bytes);
        if (hasUri)
        {
            writer.WriteString(Uri);
        }

        PayloadTranscoder.WriteItems(ref writer, Payload);
        writer.WriteEndArray();
    }
}

/// <summary>[RESULT, CALL.Request|id, Details|dict, Arguments|list, ArgumentsKw|dict]; Details.progress marks a progressive result.</summary>
public readonly ref struct ResultMessage : IWampMessage
{
    public ulong RequestId { get; init; }

    public bool Progress { get; init; }

    /// <summary>Payload passthru mode details, forwarded from the YIELD untouched.</summary>
    public PassthruDetails Passthru { get; init; }

    public EncodedPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3 + Payload.Count);
        writer.WriteUInt64((ulong)WampMessageType.Result);
        writer.WriteUInt64(RequestId);
        writer.WriteStartMap((Progress ? 1 : 0) + Passthru.EntryCount);
        Passthru.WriteEntries(ref writer);
        if (Progress)
        {
            writer.WritePropertyName("progress"u8);
            writer.WriteBoolean(true);
        }

        writer.WriteEndMap();
        PayloadTranscoder.WriteItems(ref writer, Payload);
        writer.WriteEndArray();
    }
}

/// <summary>
/// [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, Arguments|list, ArgumentsKw|dict].
/// Details.caller (with caller_authid and caller_authrole), Details.procedure and Details.receive_progress are written
/// only when set (caller identification, pattern-based registrations, progressive call results).
/// </summary>
public readonly ref struct InvocationMessage : IWampMessage
{
    public ulong RequestId { get; init; }

    public ulong RegistrationId { get; init; }

    /// <summary>0 when the caller is not disclosed.</summary>
    public ulong Caller { get; init; }

    public ReadOnlySpan<byte> CallerAuthId { get; init; }

    public ReadOnlySpan<byte> CallerAuthRole { get; init; }

    /// <summary>Details.receive_progress: the caller accepts progressive results.</summary>
    public bool ReceiveProgress { get; init; }

    /// <summary>Details.progress: more INVOCATIONs of this call follow (progressive call invocations).</summary>
    public bool Progress { get; init; }

    /// <summary>Details.trustlevel, when the router assigns one to the caller's role (call trust levels).</summary>
    public int? TrustLevel { get; init; }

    /// <summary>Payload passthru mode details, forwarded from the CALL untouched.</summary>
    public PassthruDetails Passthru { get; init; }

    public ReadOnlySpan<byte> Procedure { get; init; }

    public EncodedPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(4 + Payload.Count);
        writer.WriteUInt64((ulong)WampMessageType.Invocation);
        writer.WriteUInt64(RequestId);
        writer.WriteUInt64(RegistrationId);
        writer.WriteStartMap((Caller != 0 ? 3 : 0) + (Procedure.IsEmpty ? 0 : 1) + (ReceiveProgress ? 1 : 0) + (Progress ? 1 : 0) + (TrustLevel is null ? 0 : 1) + Passthru.EntryCount);
        if (TrustLevel is { } trustLevel)
        {
            writer.WritePropertyName("trustlevel"u8);
            writer.WriteInt64(trustLevel);
        }

        Passthru.WriteEntries(ref writer);
        if (Caller != 0)
        {
            writer.WritePropertyName("caller"u8);
            writer.WriteUInt64(Caller);
            writer.WritePropertyName("caller_authid"u8);
            writer.WriteString(CallerAuthId);
            writer.WritePropertyName("caller_authrole"u8);
            writer.WriteString(CallerAuthRole);
        }

        if (ReceiveProgress)
        {
            writer.WritePropertyName("receive_progress"u8);
            writer.WriteBoolean(true);
        }

        if (Progress)
        {
            writer.WritePropertyName("progress"u8);
            writer.WriteBoolean(true);
        }

        if (!Procedure.IsEmpty)
        {
            writer.WritePropertyName("procedure"u8);
            writer.WriteString(Procedure);
        }

        writer.WriteEndMap();
        PayloadTranscoder.WriteItems(ref writer, Payload);
        writer.WriteEndArray();
    }
}

/// <summary>[ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]</summary>
public readonly ref struct ErrorMessage : IWampMessage
{
    public WampMessageType RequestType { get; init; }

    public ulong RequestId { get; init; }

    /// <summary>Details passed through (e.g. from a callee's ERROR); when empty, Details is <c>{}</c> or carries <see cref="Message"/>.</summary>
    public EncodedMap Details { get; init; }

    /// <summary>A human-readable Details.message, written only when <see cref="Details"/> is empty.</summary>
    public ReadOnlySpan<byte> Message { get; init; }

    public ReadOnlySpan<byte> Error { get; init; }

    public EncodedPayload Payload { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(5 + Payload.Count);
        writer.WriteUInt64((ulong)WampMessageType.Error);
        writer.WriteUInt64((ulong)RequestType);
        writer.WriteUInt64(RequestId);
        if (Details.Bytes.IsEmpty)
        {
            MessageDetails.WriteMessageOnly(ref writer, Message);
        }
        else
        {
            PayloadTranscoder.WriteMap(ref writer, Details.Serializer, Details.Bytes);
        }

        writer.WriteString(Error);
        PayloadTranscoder.WriteItems(ref writer, Payload);
        writer.WriteEndArray();
    }
}

/// <summary>[INTERRUPT, INVOCATION.Request|id, Options|dict] with Options.mode and, for timeouts, Options.reason (spec: "Call Canceling").</summary>
public readonly ref struct InterruptMessage : IWampMessage
{
    public ulong RequestId { get; init; }

    /// <summary>"kill" or "killnowait".</summary>
    public ReadOnlySpan<byte> Mode { get; init; }

    public ReadOnlySpan<byte> Reason { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Interrupt);
        writer.WriteUInt64(RequestId);
        writer.WriteStartMap(Reason.IsEmpty ? 1 : 2);
        writer.WritePropertyName("mode"u8);
        writer.WriteString(Mode);
        if (!Reason.IsEmpty)
        {
            writer.WritePropertyName("reason"u8);
            writer.WriteString(Reason);
        }

        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}
