namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// Iteration state over one array or map, kept by the caller so readers stay flat.
/// Length-prefixed containers count down; JSON and CBOR indefinite-length ones (and UBJSON ones without a count) look for
/// their end marker.
/// </summary>
public struct ContainerCursor
{
    internal int Remaining { readonly get; set; }
    internal bool Started { readonly get; set; }
    internal readonly bool IsMap { get; }

    /// <summary>
    /// UBJSON strongly typed containers (<c>$</c> type, then <c>#</c> count): the marker every value in the container has,
    /// written once in the header and left out before each value. 0 when values carry their own markers.
    /// </summary>
    internal byte ElementType { readonly get; init; }

    internal ContainerCursor(int count, bool isMap)
    {
        Remaining = count;
        IsMap = isMap;
        Started = false;
    }

    /// <summary>-1 when the encoding does not say up front (JSON, CBOR indefinite length, UBJSON without a count).</summary>
    public readonly int DeclaredCount => Remaining;
}
