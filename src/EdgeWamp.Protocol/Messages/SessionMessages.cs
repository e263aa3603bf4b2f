using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

// Session lifecycle messages: WAMP spec, Basic Profile, "Session Lifecycle".

/// <summary>[HELLO, Realm|uri, Details|dict]</summary>
public readonly ref struct HelloMessage : IWampMessage
{
    public ReadOnlySpan<byte> Realm { get; init; }

    public EncodedMap Details { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Hello);
        writer.WriteString(Realm);
        PayloadTranscoder.WriteMap(ref writer, Details.Serializer, Details.Bytes);
        writer.WriteEndArray();
    }
}

/// <summary>[WELCOME, Session|id, Details|dict]: Details carry the router's roles and the session's authentication.</summary>
public readonly ref struct WelcomeMessage : IWampMessage
{
    public ulong SessionId { get; init; }

    public ReadOnlySpan<byte> AuthId { get; init; }

    public ReadOnlySpan<byte> AuthRole { get; init; }

    public ReadOnlySpan<byte> AuthMethod { get; init; }

    public ReadOnlySpan<byte> AuthProvider { get; init; }

    /// <summary>The router's roles with their features, announced exactly as implemented.</summary>
    public required RouterRoles Roles { get; init; }

    /// <summary>Details.authextra, written only when not empty (e.g. the WAMP-SCRAM server signature).</summary>
    public ReadOnlySpan<AuthExtraEntry> AuthExtra { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Welcome);
        writer.WriteUInt64(SessionId);
        writer.WriteStartMap(AuthExtra.IsEmpty ? 5 : 6);
        writer.WritePropertyName("roles"u8);
        Roles.WriteTo(ref writer);
        writer.WritePropertyName("authid"u8);
        writer.WriteString(AuthId);
        writer.WritePropertyName("authrole"u8);
        writer.WriteString(AuthRole);
        writer.WritePropertyName("authmethod"u8);
        writer.WriteString(AuthMethod);
        writer.WritePropertyName("authprovider"u8);
        writer.WriteString(AuthProvider);
        if (!AuthExtra.IsEmpty)
        {
            writer.WritePropertyName("authextra"u8);
            AuthExtraEntry.WriteMap(ref writer, AuthExtra);
        }

        writer.WriteEndMap();
        writer.WriteEndArray();
    }
}

/// <summary>[CHALLENGE, AuthMethod|string, Extra|dict] (WAMP spec, Advanced Profile, "Authentication").</summary>
public readonly ref struct ChallengeMessage : IWampMessage
{
    public ReadOnlySpan<byte> AuthMethod { get; init; }

    public ReadOnlySpan<AuthExtraEntry> Extra { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Challenge);
        writer.WriteString(AuthMethod);
        AuthExtraEntry.WriteMap(ref writer, Extra);
        writer.WriteEndArray();
    }
}

/// <summary>[AUTHENTICATE, Signature|string, Extra|dict]: sent by clients; written here for tests and the client library.</summary>
public readonly ref struct AuthenticateMessage : IWampMessage
{
    public ReadOnlySpan<byte> Signature { get; init; }

    public ReadOnlySpan<AuthExtraEntry> Extra { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Authenticate);
        writer.WriteString(Signature);
        AuthExtraEntry.WriteMap(ref writer, Extra);
        writer.WriteEndArray();
    }
}

/// <summary>[ABORT, Details|dict, Reason|uri], with an optional human-readable Details.message.</summary>
public readonly ref struct AbortMessage : IWampMessage
{
    public ReadOnlySpan<byte> Reason { get; init; }

    public ReadOnlySpan<byte> Message { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Abort);
        MessageDetails.WriteMessageOnly(ref writer, Message);
        writer.WriteString(Reason);
        writer.WriteEndArray();
    }
}

/// <summary>[GOODBYE, Details|dict, Reason|uri]</summary>
public readonly ref struct GoodbyeMessage : IWampMessage
{
    public ReadOnlySpan<byte> Reason { get; init; }

    public ReadOnlySpan<byte> Message { get; init; }

    public void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartArray(3);
        writer.WriteUInt64((ulong)WampMessageType.Goodbye);
        MessageDetails.WriteMessageOnly(ref writer, Message);
        writer.WriteString(Reason);
        writer.WriteEndArray();
    }
}
