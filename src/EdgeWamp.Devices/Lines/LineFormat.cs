namespace EdgeWamp.Devices.Lines;

/// <summary>How a <see cref="LineRule"/> reads a line.</summary>
public enum LineFormat : byte
{
    /// <summary><c>temp=21.5 hum=40</c>: pairs separated by spaces, commas or semicolons, with <c>=</c> or <c>:</c>.</summary>
    KeyValue,

    /// <summary>A regular expression whose named groups are the values.</summary>
    Regex,

    /// <summary>NMEA 0183 sentences from GPS receivers: GGA and RMC, checksum verified.</summary>
    Nmea,
}
