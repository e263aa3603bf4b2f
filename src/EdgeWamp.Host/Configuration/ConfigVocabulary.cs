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
    public const string AuthScram = "scram";
    public const string AuthTls = "tls";
    public const string AuthCookie = "cookie";

    public const string ScramKdfArgon2id = "argon2id13";
    public const string ScramKdfPbkdf2 = "pbkdf2";

    public const string SerializerJson = "json";
    public const string SerializerMsgPack = "msgpack";
    public const string SerializerCbor = "cbor";
    public const string SerializerUbJson = "ubjson";

    public const string FramingRawSocket = "rawsocket";
    public const string FramingCobs = "cobs";
    public const string FramingLine = "line";

    public const string ParityNone = "none";
    public const string ParityEven = "even";
    public const string ParityOdd = "odd";

    public const string FlowControlNone = "none";
    public const string FlowControlRtsCts = "rtscts";

    public const string ClientCertificatesNone = "none";
    public const string ClientCertificatesOptional = "optional";
    public const string ClientCertificatesRequired = "required";

    public const string LineFormatKeyValue = "keyvalue";
    public const string LineFormatRegex = "regex";
    public const string LineFormatNmea = "nmea";

    public const string FieldNumber = "number";
    public const string FieldInteger = "integer";
    public const string FieldBoolean = "boolean";
    public const string FieldString = "string";

    /// <summary>Values of <see cref="PermissionConfig.Match"/>.</summary>
    public static readonly IReadOnlyList<string> PermissionMatches = [MatchExact, MatchPrefix, MatchWildcard];

    /// <summary>Items of <see cref="PermissionConfig.Allow"/>.</summary>
    public static readonly IReadOnlyList<string> PermissionActions = [ActionCall, ActionRegister, ActionPublish, ActionSubscribe];

    /// <summary>Items of <see cref="ListenerConfig.AuthMethods"/> and values of <see cref="UplinkAuthenticationConfig.Method"/>.</summary>
    public static readonly IReadOnlyList<string> AuthMethods = [AuthAnonymous, AuthTicket, AuthWampCra, AuthCryptosign];

    /// <summary>Items of <see cref="ListenerConfig.AuthMethods"/>: the uplink methods plus those only a router accepts.</summary>
    public static readonly IReadOnlyList<string> ListenerAuthMethods = [AuthAnonymous, AuthTicket, AuthWampCra, AuthCryptosign, AuthScram, AuthTls, AuthCookie];

    /// <summary>Values of <see cref="JwtKeyEntry.Alg"/> (RFC 7518, RFC 8037).</summary>
    public static readonly IReadOnlyList<string> JwtAlgorithms = ["RS256", "ES256", "EdDSA"];

    /// <summary>Values of <see cref="ScramAuthEntry.Kdf"/> (WAMP-SCRAM, "Key Derivation Functions").</summary>
    public static readonly IReadOnlyList<string> ScramKdfs = [ScramKdfArgon2id, ScramKdfPbkdf2];

    /// <summary>Items of <see cref="ListenerConfig.Serializers"/>.</summary>
    public static readonly IReadOnlyList<string> Serializers = [SerializerJson, SerializerMsgPack, SerializerCbor, SerializerUbJson];

    /// <summary>Values of <see cref="ListenerConfig.Framing"/>.</summary>
    public static readonly IReadOnlyList<string> Framings = [FramingRawSocket, FramingCobs, FramingLine];

    /// <summary>Values of <see cref="ListenerConfig.Parity"/>.</summary>
    public static readonly IReadOnlyList<string> Parities = [ParityNone, ParityEven, ParityOdd];

    /// <summary>Values of <see cref="ListenerConfig.FlowControl"/>.</summary>
    public static readonly IReadOnlyList<string> FlowControls = [FlowControlNone, FlowControlRtsCts];

    /// <summary>Values of <see cref="LineRuleConfig.Format"/>.</summary>
    public static readonly IReadOnlyList<string> LineFormats = [LineFormatKeyValue, LineFormatRegex, LineFormatNmea];

    /// <summary>Values of <see cref="LineFieldConfig.Type"/>.</summary>
    public static readonly IReadOnlyList<string> FieldTypes = [FieldNumber, FieldInteger, FieldBoolean, FieldString];

    /// <summary>URL schemes of <see cref="UplinkConfig.Url"/>; the <c>s</c> forms use TLS.</summary>
    /// <summary>Whether a TLS listener asks clients for a certificate.</summary>
    public static readonly IReadOnlyList<string> ClientCertificateModes = [ClientCertificatesNone, ClientCertificatesOptional, ClientCertificatesRequired];

    public static readonly IReadOnlyList<string> UplinkSchemes = ["rs", "rss", "ws", "wss", "mqtt", "mqtts"];

    /// <summary>The uplink schemes that speak MQTT rather than WAMP.</summary>
    public static readonly IReadOnlyList<string> MqttSchemes = ["mqtt", "mqtts"];
}
