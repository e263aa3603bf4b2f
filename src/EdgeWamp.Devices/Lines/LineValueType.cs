namespace EdgeWamp.Devices.Lines;

/// <summary>The type a value is published as.</summary>
public enum LineValueType : byte
{
    /// <summary>Whatever the text looks like: an integer, else a number, else text.</summary>
    Auto,
    Number,
    Integer,
    Boolean,
    String,
}
