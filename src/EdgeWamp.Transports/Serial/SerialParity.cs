namespace EdgeWamp.Transports.Serial;

/// <summary>The parity bit of each character on the line.</summary>
public enum SerialParity : byte
{
    None,
    Even,
    Odd,
}
