namespace EdgeWamp.Host.Configuration;

/// <summary>The fixed string values the configuration accepts, so code and validation share one spelling.</summary>
internal static class ConfigVocabulary
{
    public const string MatchExact = "exact";
    public const string MatchPrefix = "prefix";
    public const string MatchWildcard = "wildcard";

    public const string ActionCall = "call";
    public const string ActionRegister = "register";
    public const string ActionPublish = "publish";
    public const string ActionSubscribe = "subscribe";

    public const string AuthAnonymous = "anonymous";
    public const string AuthTicket = "ticket";
    public const string AuthWampCra = "wampcra";
    public const string AuthCryptosign = "cryptosign";

    public const string SerializerJson = "json";
    public const string SerializerMsgPack = "msgpack";
    public const string SerializerCbor = "cbor";

    public const string FramingRawSocket = "rawsocket";
    public const string FramingCobs = "cobs";

    /// <summary>Values of <see cref="PermissionConfig.Match"/>.</summary>
    public static readonly IReadOnlyList<string> PermissionMatches = [MatchExact, MatchPrefix, MatchWildcard];

    /// <summary>Items of <see cref="PermissionConfig.Allow"/>.</summary>
    public static readonly IReadOnlyList<string> PermissionActions = [ActionCall, ActionRegister, ActionPublish, ActionSubscribe];

    /// <summary>Items of <see cref="ListenerConfig.AuthMethods"/> and values of <see cref="UplinkAuthenticationConfig.Method"/>.</summary>
    public static readonly IReadOnlyList<string> AuthMethods = [AuthAnonymous, AuthTicket, AuthWampCra, AuthCryptosign];

    /// <summary>Items of <see cref="ListenerConfig.Serializers"/>.</summary>
    public static readonly IReadOnlyList<string> Serializers = [SerializerJson, SerializerMsgPack, SerializerCbor];

    /// <summary>Values of <see cref="ListenerConfig.Framing"/>.</summary>
    public static readonly IReadOnlyList<string> Framings = [FramingRawSocket, FramingCobs];

    /// <summary>URL schemes of <see cref="UplinkConfig.Url"/>; the <c>s</c> forms use TLS.</summary>
    public static readonly IReadOnlyList<string> UplinkSchemes = ["rs", "rss", "ws", "wss", "mqtt", "mqtts"];

    /// <summary>The uplink schemes that speak MQTT rather than WAMP.</summary>
    public static readonly IReadOnlyList<string> MqttSchemes = ["mqtt", "mqtts"];
}
