namespace EdgeWamp.Protocol.Serial;

/// <summary>
/// Encodes a packet given in several pieces (a frame header, a payload, a CRC) into one COBS encoding without
/// first joining them. <see cref="Finish"/> closes the last block and returns the encoded length.
/// </summary>
public ref struct CobsEncoder
{
    private readonly Span<byte> _destination;
    private int _codeIndex;
    private int _position;
    private int _code;

    /// <param name="destination">At least <see cref="Cobs.MaxEncodedLength"/> of the total input length.</param>
    public CobsEncoder(Span<byte> destination)
    {
        _destination = destination;
        _codeIndex = 0;
        _position = 1;
        _code = 1;
    }

    public void Write(scoped ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            Write(b);
        }
    }

    public void Write(byte value)
    {
        // A full block (254 data bytes) is closed only when more input follows, so a packet ending exactly on
        // a full block gets no extra 0x01 block (as in the paper's reference encoder).
        if (_code == 0xFF)
        {
            CloseBlock();
        }

        if (value == 0)
        {
            CloseBlock();
            return;
        }

        _destination[_position++] = value;
        _code++;
    }

    /// <summary>Writes the last block's code byte; returns the encoded length.</summary>
    public int Finish()
    {
        _destination[_codeIndex] = (byte)_code;
        return _position;
    }

    private void CloseBlock()
    {
        _destination[_codeIndex] = (byte)_code;
        _codeIndex = _position++;
        _code = 1;
    }
}
