using System.Text.Unicode;

namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// The values a routed WAMP message may carry. The WAMP spec ("Serializations") restricts application data to what
/// every serializer can carry: integers, strings, binary, lists, dicts with string keys, booleans, null and floats.
/// Narrowed to what JSON, MessagePack, CBOR and UBJSON can all represent exactly, that is:
/// <list type="bullet">
/// <item>integers in [-2^63, 2^64 - 1]: MessagePack's range (CBOR reaches down to -2^64, JSON is unbounded; UBJSON carries
/// those above 2^63 - 1 as high-precision numbers, and reads a high-precision number as an integer only in this range and
/// as a float only when its value is finite);</item>
/// <item>floats of any value (JSON, which has no NaN or infinities, and UBJSON, whose spec writes infinity as null, receive
/// null for them);</item>
/// <item>text strings that are valid UTF-8 (RFC 8949 §3.1, msgpack spec "str format family"; a JSON peer could not
/// parse anything else) and that, as values, do not start with U+0000, which JSON reserves for binary
/// (WAMP spec, "Binary conversion of JSON Strings");</item>
/// <item>binary; in JSON a string of U+0000 followed by valid base64; in UBJSON a strongly typed uint8 array;</item>
/// <item>arrays, and maps whose keys are text strings, nested at most <see cref="MaxDepth"/> containers deep;</item>
/// <item>in CBOR, of the simple values only false, true, null and undefined (which reads as null); tags are looked
/// through (the tagged item must itself lie in the model, and transcoding drops the tag);</item>
/// <item>in UBJSON, strongly typed null or boolean arrays (whose values take no bytes) only while their values, summed over
/// the value checked, number no more than the input has bytes, so that transcoding them stays linear in the input.</item>
/// </list>
/// </summary>
/// <remarks>
/// Where it is enforced: <see cref="IWampReader.TrySkipWampValue"/> checks it in the same single pass that checks
/// well-formedness, and <c>WampHeaderDecoder</c> runs that over every Details/Options map and payload it accepts, refusing
/// anything outside as <c>DecodeStatus.InvalidStructure</c>. So every routed value can be transcoded, and
/// <c>PayloadTranscoder</c> never meets a value it cannot write: routing does not throw on peer input.
/// </remarks>
public static class WampDataModel
{
    /// <summary>
    /// The deepest nesting of arrays and maps accepted (a container at depth <see cref="MaxDepth"/>, counting from 0, is
    /// refused). Readers and the transcoder recurse per level, so this bounds their stack use; 64 is what
    /// <c>Utf8JsonReader</c> allows by default.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>A text string of the model: valid UTF-8 and, unless it is a map key, not starting with U+0000.</summary>
    internal static bool IsText(ReadOnlySpan<byte> utf8, bool isKey) =>
        Utf8.IsValid(utf8) && (isKey || utf8.IsEmpty || utf8[0] != 0);
}
