using EdgeWamp.Protocol.Messages;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// The elements after the message code, per message type, as the WAMP spec defines them
/// (Basic Profile "Messages"; Advanced Profile for CHALLENGE, AUTHENTICATE, CANCEL, INTERRUPT and the
/// optional Details of UNSUBSCRIBED and UNREGISTERED used by subscription and registration revocation).
/// </summary>
internal static class MessageLayout
{
    public const byte RequestType = (byte)'T';
    public const byte Id = (byte)'I';
    public const byte Details = (byte)'D';
    public const byte OptionalDetails = (byte)'d';
    public const byte Uri = (byte)'U';
    public const byte Text = (byte)'S';
    /// <summary>Arguments|list then ArgumentsKw|dict, both optional; or, in Payload Passthru Mode, one Payload|binary.</summary>
    public const byte Payload = (byte)'P';

    public static ReadOnlySpan<byte> For(WampMessageType type) => type switch
    {
        WampMessageType.Hello => "UD"u8,          // [HELLO, Realm|uri, Details|dict]
        WampMessageType.Welcome => "ID"u8,        // [WELCOME, Session|id, Details|dict]
        WampMessageType.Abort => "DU"u8,          // [ABORT, Details|dict, Reason|uri]
        WampMessageType.Challenge => "SD"u8,      // [CHALLENGE, AuthMethod|string, Extra|dict]
        WampMessageType.Authenticate => "SD"u8,   // [AUTHENTICATE, Signature|string, Extra|dict]
        WampMessageType.Goodbye => "DU"u8,        // [GOODBYE, Details|dict, Reason|uri]
        WampMessageType.Error => "TIDUP"u8,       // [ERROR, REQUEST.Type|int, REQUEST.Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Publish => "IDUP"u8,      // [PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Published => "II"u8,      // [PUBLISHED, PUBLISH.Request|id, Publication|id]
        WampMessageType.Subscribe => "IDU"u8,     // [SUBSCRIBE, Request|id, Options|dict, Topic|uri]
        WampMessageType.Subscribed => "II"u8,     // [SUBSCRIBED, SUBSCRIBE.Request|id, Subscription|id]
        WampMessageType.Unsubscribe => "II"u8,    // [UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]
        WampMessageType.Unsubscribed => "Id"u8,   // [UNSUBSCRIBED, UNSUBSCRIBE.Request|id (, Details|dict)]
        WampMessageType.Event => "IIDP"u8,        // [EVENT, SUBSCRIBED.Subscription|id, PUBLISHED.Publication|id, Details|dict, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Call => "IDUP"u8,         // [CALL, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Cancel => "ID"u8,         // [CANCEL, CALL.Request|id, Options|dict]
        WampMessageType.Result => "IDP"u8,        // [RESULT, CALL.Request|id, Details|dict, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Register => "IDU"u8,      // [REGISTER, Request|id, Options|dict, Procedure|uri]
        WampMessageType.Registered => "II"u8,     // [REGISTERED, REGISTER.Request|id, Registration|id]
        WampMessageType.Unregister => "II"u8,     // [UNREGISTER, Request|id, REGISTERED.Registration|id]
        WampMessageType.Unregistered => "Id"u8,   // [UNREGISTERED, UNREGISTER.Request|id (, Details|dict)]
        WampMessageType.Invocation => "IIDP"u8,   // [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, Arguments|list, ArgumentsKw|dict]
        WampMessageType.Interrupt => "ID"u8,      // [INTERRUPT, INVOCATION.Request|id, Options|dict]
        WampMessageType.Yield => "IDP"u8,         // [YIELD, INVOCATION.Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]
        _ => default,
    };
}
