namespace EdgeWamp.Protocol.Serialization;

/// <summary>
/// Iteration state over one array or map, kept by the caller so readers stay flat.
/// Length-prefixed containers count down; JSON and CBOR indefinite-length ones look for their end marker.
/// </summary>
public struct ContainerCursor
{
    internal int Remaining { readonly get; set; }
    internal bool Started { readonly get; set; }
    internal readonly bool IsMap { get; }

    internal ContainerCursor(int count, bool isMap)
    {
        Remaining = count;
        IsMap = isMap;
        Started = false;
    }

    /// <summary>-1 when the encoding does not say up front (JSON, CBOR indefinite length).</summary>
    public readonly int DeclaredCount => Remaining;
}
