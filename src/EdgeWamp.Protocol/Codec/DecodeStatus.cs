namespace EdgeWamp.Protocol.Codec;

/// <summary>Why a message could not be decoded. Every value other than <see cref="Ok"/> is a protocol violation by the peer.</summary>
public enum DecodeStatus : byte
{
    Ok = 0,

    /// <summary>The bytes are not a well-formed value of the serializer.</summary>
    Malformed,

    /// <summary>The message is not an array whose first element is a message code (an unsigned integer).</summary>
    NotAMessage,

    /// <summary>The message code is not one this codec knows (including codes beyond a byte, such as EVENT_RECEIVED, 337).</summary>
    UnknownMessageType,

    /// <summary>
    /// An element has the wrong type, or elements are missing or in excess; a known Options/Details entry has the wrong
    /// type or value; or a value lies outside the WAMP data model (<see cref="Serialization.WampDataModel"/>).
    /// </summary>
    InvalidStructure,

    /// <summary>An id lies outside [0, 2^53] (WAMP spec, "Identifiers").</summary>
    IdOutOfRange,

    /// <summary>Bytes follow the message inside its frame.</summary>
    TrailingData,
}
