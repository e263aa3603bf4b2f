using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Codec;

/// <summary>
/// Checks the entries of an Options or Details map that the spec defines against the type it gives them (and, for the
/// closed vocabularies below, the value): a table from message type to known key to expected kind. Unknown keys are
/// skipped, as the spec requires of unknown attributes. Run by <see cref="WampHeaderDecoder"/> over every map it
/// accepts; a mismatch is a protocol violation (<see cref="DecodeStatus.InvalidStructure"/>), as the spec's test vectors
/// (testsuite "options_validation" samples) require. Allocation-free: keys and values are compared in a stack buffer.
/// </summary>
/// <remarks>
/// Values are checked only where the spec closes the vocabulary and makes a wrong value a protocol violation:
/// <c>match</c> (Pattern-based Subscription and Registration) and the Payload Passthru Mode identifiers
/// <c>enc_algo</c>/<c>enc_serializer</c>. Router choices such as REGISTER.Options.invoke and CANCEL.Options.mode are only
/// type-checked here: the dealer answers an unsupported value with an ERROR.
/// </remarks>
internal static class OptionsValidator
{
    /// <summary>
    /// Stack buffer for one key or string value. The longest known key or value is 23 characters; even written entirely
    /// as JSON "\uXXXX" escapes (6 bytes each) it needs 138, so a longer one cannot match and is skipped unread.
    /// </summary>
    private const int ScratchLength = 160;

    // WAMP spec, Advanced Profile "Router-to-Router Links": forward_for lists the routers a message passed through,
    // each entry with all of these.
    private static readonly OptionRule[] ForwardFor = [new("forward_for"u8, OptionKind.ForwardFor)];

    private static readonly OptionRule[] ForwardForEntry =
    [
        new("session"u8, OptionKind.Id),
        new("authid"u8, OptionKind.String),
        new("authrole"u8, OptionKind.String),
    ];

    // WAMP spec, Advanced Profile "Payload Passthru Mode" (ppt_*), and the names Autobahn and the spec's test vectors use (enc_*).
    private static readonly OptionRule[] Passthru =
    [
        new("ppt_scheme"u8, OptionKind.String),
        new("ppt_serializer"u8, OptionKind.String),
        new("ppt_cipher"u8, OptionKind.String),
        new("ppt_keyid"u8, OptionKind.String),
        new("enc_algo"u8, OptionKind.EncAlgo),
        new("enc_serializer"u8, OptionKind.EncSerializer),
        new("enc_key"u8, OptionKind.String),
        .. ForwardFor,
    ];

    private static readonly OptionRule[] PublishOptions =
    [
        new("acknowledge"u8, OptionKind.Boolean),            // Basic Profile, "Publishing and Events"
        new("exclude_me"u8, OptionKind.Boolean),             // "Publisher Exclusion"
        new("exclude"u8, OptionKind.IdList),                 // "Subscriber Black- and Whitelisting"
        new("exclude_authid"u8, OptionKind.StringList),
        new("exclude_authrole"u8, OptionKind.StringList),
        new("eligible"u8, OptionKind.IdList),
        new("eligible_authid"u8, OptionKind.StringList),
        new("eligible_authrole"u8, OptionKind.StringList),
        new("disclose_me"u8, OptionKind.Boolean),            // "Publisher Identification"
        new("retain"u8, OptionKind.Boolean),                 // "Event Retention"
        new("transaction_hash"u8, OptionKind.String),
        .. Passthru,
    ];

    private static readonly OptionRule[] SubscribeOptions =
    [
        new("match"u8, OptionKind.MatchPolicy),              // "Pattern-based Subscription"
        new("get_retained"u8, OptionKind.Boolean),           // "Event Retention"
        .. ForwardFor,
    ];

    private static readonly OptionRule[] EventDetails =
    [
        new("publisher"u8, OptionKind.Id),                   // "Publisher Identification"
        new("publisher_authid"u8, OptionKind.String),
        new("publisher_authrole"u8, OptionKind.String),
        new("topic"u8, OptionKind.String),                   // "Pattern-based Subscription"
        new("retained"u8, OptionKind.Boolean),               // "Event Retention"
        new("trustlevel"u8, OptionKind.UnsignedInteger),     // "Publication Trust Levels"
        new("transaction_hash"u8, OptionKind.String),
        new("x_acknowledged_delivery"u8, OptionKind.Boolean),
        .. Passthru,
    ];

    private static readonly OptionRule[] CallOptions =
    [
        new("timeout"u8, OptionKind.UnsignedInteger),        // "Call Timeouts"
        new("receive_progress"u8, OptionKind.Boolean),       // "Progressive Call Results"
        new("progress"u8, OptionKind.Boolean),               // "Progressive Call Invocations"
        new("disclose_me"u8, OptionKind.Boolean),            // "Caller Identification"
        .. Passthru,
    ];

    private static readonly OptionRule[] InvocationDetails =
    [
        new("caller"u8, OptionKind.Id),                      // "Caller Identification"
        new("caller_authid"u8, OptionKind.String),
        new("caller_authrole"u8, OptionKind.String),
        new("procedure"u8, OptionKind.String),               // "Pattern-based Registration"
        new("timeout"u8, OptionKind.UnsignedInteger),
        new("receive_progress"u8, OptionKind.Boolean),
        new("progress"u8, OptionKind.Boolean),
        new("trustlevel"u8, OptionKind.UnsignedInteger),     // "Call Trust Levels"
        .. Passthru,
    ];

    private static readonly OptionRule[] ProgressAndPassthru =
    [
        new("progress"u8, OptionKind.Boolean),               // YIELD.Options, RESULT.Details: "Progressive Call Results"
        .. Passthru,
    ];

    private static readonly OptionRule[] RegisterOptions =
    [
        new("match"u8, OptionKind.MatchPolicy),              // "Pattern-based Registration"
        new("invoke"u8, OptionKind.String),                  // "Shared Registration"
        new("disclose_caller"u8, OptionKind.Boolean),        // "Caller Identification"
        new("concurrency"u8, OptionKind.UnsignedInteger),
        new("force_reregister"u8, OptionKind.Boolean),
        .. ForwardFor,
    ];

    private static readonly OptionRule[] CancelOptions =
    [
        new("mode"u8, OptionKind.String),                    // "Call Canceling"
        new("reason"u8, OptionKind.String),
        .. ForwardFor,
    ];

    private static readonly OptionRule[] UnsubscribedDetails =
    [
        new("subscription"u8, OptionKind.Id),                // "Subscription Revocation"
        new("reason"u8, OptionKind.String),
    ];

    private static readonly OptionRule[] UnregisteredDetails =
    [
        new("registration"u8, OptionKind.Id),                // "Registration Revocation"
        new("reason"u8, OptionKind.String),
    ];

    /// <summary>What a known entry must hold.</summary>
    private enum OptionKind : byte
    {
        Boolean,
        String,

        /// <summary>An id (WAMP spec, "Identifiers"): an integer in [0, 2^53].</summary>
        Id,

        UnsignedInteger,

        /// <summary>A list of ids (session ids).</summary>
        IdList,

        /// <summary>A list of strings (authids, authroles).</summary>
        StringList,

        /// <summary>A list of dicts, each with session|id, authid|string and authrole|string.</summary>
        ForwardFor,

        /// <summary>"exact", "prefix" or "wildcard".</summary>
        MatchPolicy,

        /// <summary>"null", "cryptobox", "mqtt", "xbr" or a custom "x_…" identifier.</summary>
        EncAlgo,

        /// <summary>"null", "json", "msgpack", "cbor", "ubjson", "opaque", "flatbuffers" or a custom "x_…" identifier.</summary>
        EncSerializer,
    }

    /// <summary>Checks the map at the position of <paramref name="reader"/>, a copy the caller does not use again.</summary>
    /// <remarks>The reader is taken by value and scoped, so that it may read keys into this method's stack buffer.</remarks>
    public static bool IsValid<TReader>(scoped TReader reader, WampMessageType type)
        where TReader : IWampReader, allows ref struct
    {
        ReadOnlySpan<OptionRule> rules = RulesFor(type);
        if (rules.IsEmpty)
        {
            return true;
        }

        Span<byte> scratch = stackalloc byte[ScratchLength];
        if (!reader.TryReadStartMap(out ContainerCursor cursor))
        {
            return false;
        }

        while (true)
        {
            switch (reader.MoveNext(ref cursor))
            {
                case NextItem.End:
                    return true;
                case NextItem.Malformed:
                    return false;
            }

            if (!TryReadKey(ref reader, scratch, rules, out int rule)
                || !(rule < 0 ? reader.TrySkipValue() : HasKind(ref reader, rules[rule].Kind, scratch)))
            {
                return false;
            }
        }
    }

    private static ReadOnlySpan<OptionRule> RulesFor(WampMessageType type) => type switch
    {
        WampMessageType.Publish => PublishOptions,
        WampMessageType.Subscribe => SubscribeOptions,
        WampMessageType.Event => EventDetails,
        WampMessageType.Call => CallOptions,
        WampMessageType.Invocation => InvocationDetails,
        WampMessageType.Yield or WampMessageType.Result => ProgressAndPassthru,
        WampMessageType.Error => Passthru,
        WampMessageType.Register => RegisterOptions,
        WampMessageType.Cancel or WampMessageType.Interrupt => CancelOptions,
        WampMessageType.Unsubscribed => UnsubscribedDetails,
        WampMessageType.Unregistered => UnregisteredDetails,
        _ => default,
    };

    /// <summary>
    /// Reads a key and finds its row in <paramref name="rules"/> (<paramref name="rule"/> is -1 for an unknown key). A key
    /// too long to unescape into <paramref name="scratch"/> cannot be a known one and is skipped unread.
    /// </summary>
    private static bool TryReadKey<TReader>(scoped ref TReader reader, Span<byte> scratch, ReadOnlySpan<OptionRule> rules, out int rule)
        where TReader : IWampReader, allows ref struct
    {
        rule = -1;
        if (reader.GetScratchLength() > scratch.Length)
        {
            return reader.TrySkipPropertyName();
        }

        if (!reader.TryReadPropertyName(scratch, out ReadOnlySpan<byte> key))
        {
            return false;
        }

        for (int i = 0; i < rules.Length; i++)
        {
            if (key.SequenceEqual(rules[i].Key))
            {
                rule = i;
                break;
            }
        }

        return true;
    }

    private static bool HasKind<TReader>(scoped ref TReader reader, OptionKind kind, Span<byte> scratch)
        where TReader : IWampReader, allows ref struct
    {
        switch (kind)
        {
            case OptionKind.Boolean:
                return reader.TryReadBoolean(out _);
            case OptionKind.String:
                return IsString(ref reader);
            case OptionKind.Id:
                return IsId(ref reader);
            case OptionKind.UnsignedInteger:
                return reader.TryReadUInt64(out _);
            case OptionKind.IdList or OptionKind.StringList:
                {
                    if (!reader.TryReadStartArray(out ContainerCursor cursor))
                    {
                        return false;
                    }

                    while (true)
                    {
                        switch (reader.MoveNext(ref cursor))
                        {
                            case NextItem.End:
                                return true;
                            case NextItem.Malformed:
                                return false;
                        }

                        if (!(kind == OptionKind.IdList ? IsId(ref reader) : IsString(ref reader)))
                        {
                            return false;
                        }
                    }
                }

            case OptionKind.ForwardFor:
                return IsForwardFor(ref reader, scratch);
            default:
                {
                    // An escaped value too long to unescape here (custom x_ names included) is refused: no peer sends one.
                    if (!reader.TryPeekKind(out WampValueKind valueKind) || valueKind != WampValueKind.String
                        || reader.GetScratchLength() > scratch.Length || !reader.TryReadString(scratch, out ReadOnlySpan<byte> value))
                    {
                        return false;
                    }

                    return kind switch
                    {
                        OptionKind.MatchPolicy => value.SequenceEqual("exact"u8) || value.SequenceEqual("prefix"u8) || value.SequenceEqual("wildcard"u8),
                        OptionKind.EncAlgo => IsCustomIdentifier(value) || value.SequenceEqual("null"u8) || value.SequenceEqual("cryptobox"u8)
                            || value.SequenceEqual("mqtt"u8) || value.SequenceEqual("xbr"u8),
                        _ => IsCustomIdentifier(value) || value.SequenceEqual("null"u8) || value.SequenceEqual("json"u8) || value.SequenceEqual("msgpack"u8)
                            || value.SequenceEqual("cbor"u8) || value.SequenceEqual("ubjson"u8) || value.SequenceEqual("opaque"u8)
                            || value.SequenceEqual("flatbuffers"u8),
                    };
                }
        }
    }

    private static bool IsString<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct =>
        reader.TryPeekKind(out WampValueKind kind) && kind == WampValueKind.String && reader.TrySkipValue();

    private static bool IsId<TReader>(scoped ref TReader reader)
        where TReader : IWampReader, allows ref struct =>
        reader.TryReadUInt64(out ulong id) && id <= WampHeaderDecoder.MaxId;

    /// <summary>forward_for|list[dict]: every entry names the session, authid and authrole that forwarded the message.</summary>
    private static bool IsForwardFor<TReader>(scoped ref TReader reader, Span<byte> scratch)
        where TReader : IWampReader, allows ref struct
    {
        if (!reader.TryReadStartArray(out ContainerCursor list))
        {
            return false;
        }

        while (true)
        {
            switch (reader.MoveNext(ref list))
            {
                case NextItem.End:
                    return true;
                case NextItem.Malformed:
                    return false;
            }

            if (!reader.TryReadStartMap(out ContainerCursor entry))
            {
                return false;
            }

            // One bit per row of ForwardForEntry seen: all three are required.
            int seen = 0;
            while (true)
            {
                NextItem next = reader.MoveNext(ref entry);
                if (next == NextItem.Malformed || (next == NextItem.End && seen != (1 << ForwardForEntry.Length) - 1))
                {
                    return false;
                }

                if (next == NextItem.End)
                {
                    break;
                }

                if (!TryReadKey(ref reader, scratch, ForwardForEntry, out int rule)
                    || !(rule < 0 ? reader.TrySkipValue() : HasKind(ref reader, ForwardForEntry[rule].Kind, scratch)))
                {
                    return false;
                }

                seen |= rule < 0 ? 0 : 1 << rule;
            }
        }
    }

    /// <summary>Implementation-specific attributes are named <c>x_</c> plus lowercase letters, digits and '_' (as Autobahn checks them).</summary>
    private static bool IsCustomIdentifier(ReadOnlySpan<byte> value)
    {
        if (!value.StartsWith("x_"u8))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = value[2..];
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest.Length < 2 || !char.IsAsciiLetterLower((char)rest[0]))
        {
            return false;
        }

        foreach (byte b in rest[1..])
        {
            if (!(char.IsAsciiLetterLower((char)b) || char.IsAsciiDigit((char)b) || b == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One row of the table: a key and the kind its value must have.</summary>
    private readonly struct OptionRule
    {
        private readonly byte[] _key;

        public OptionRule(ReadOnlySpan<byte> key, OptionKind kind)
        {
            _key = key.ToArray();
            Kind = kind;
        }

        public ReadOnlySpan<byte> Key => _key;

        public OptionKind Kind { get; }
    }
}
