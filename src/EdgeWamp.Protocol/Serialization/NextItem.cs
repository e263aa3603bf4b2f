namespace EdgeWamp.Protocol.Serialization;

/// <summary>The outcome of moving to the next item of a container.</summary>
public enum NextItem : byte
{
    Item,
    End,
    Malformed,
}
