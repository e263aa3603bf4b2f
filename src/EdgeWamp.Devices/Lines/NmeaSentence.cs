using System.Globalization;

namespace EdgeWamp.Devices.Lines;

/// <summary>
/// NMEA 0183 sentences as GPS receivers print them: <c>$ttGGA,...*hh</c> (fix data) and <c>$ttRMC,...*hh</c>
/// (recommended minimum), any talker (GP, GN, GL, GA, BD). The checksum (<c>hh</c>, the XOR of every character between
/// <c>$</c> and <c>*</c>, in hex) must be present and right. Values come out in SI units: degrees (north and east
/// positive), metres, metres per second (from knots: 1 kn = 1852/3600 m/s).
/// </summary>
public static class NmeaSentence
{
    /// <summary>1 knot, the international nautical mile (1852 m) per hour, in m/s.</summary>
    public const double MetresPerSecondPerKnot = 1852.0 / 3600.0;

    /// <summary>Whether <paramref name="line"/> is a sentence with a valid checksum (<c>$...*hh</c>).</summary>
    public static bool HasValidChecksum(string line)
    {
        int star = line.LastIndexOf('*');
        if (line.Length < 4 || line[0] != '$' || star < 1 || star + 3 != line.Length
            || !byte.TryParse(line.AsSpan(star + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte expected))
        {
            return false;
        }

        int checksum = 0;
        for (int i = 1; i < star; i++)
        {
            checksum ^= line[i];
        }

        return checksum == expected;
    }

    /// <summary>
    /// Adds the quantities of a GGA or RMC sentence to <paramref name="values"/>. False for anything else: another
    /// sentence type, a bad checksum, a malformed field. A sentence without a fix (GGA quality 0, RMC status V) gives
    /// only <c>fix</c> and <c>satellites</c> (GGA) or nothing (RMC).
    /// </summary>
    public static bool TryParse(string line, List<LineValue> values)
    {
        if (!HasValidChecksum(line))
        {
            return false;
        }

        string[] fields = line[1..line.LastIndexOf('*')].Split(',');
        if (fields[0].Length != 5)
        {
            return false;
        }

        return fields[0][2..] switch
        {
            "GGA" => TryParseGga(fields, values),
            "RMC" => TryParseRmc(fields, values),
            _ => false,
        };
    }

    // $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,x,xx,x.x,x.x,M,x.x,M,x.x,xxxx*hh
    //        1         2       3 4        5 6 7  8   9   10 11 12 13  14
    private static bool TryParseGga(string[] f, List<LineValue> values)
    {
        if (f.Length < 10 || !int.TryParse(f[6], NumberStyles.None, CultureInfo.InvariantCulture, out int quality)
            || !int.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out int satellites))
        {
            return false;
        }

        int start = values.Count;
        values.Add(LineValue.FromNumber("fix", quality, null));
        values.Add(LineValue.FromNumber("satellites", satellites, null));
        if (quality == 0)
        {
            return true;
        }

        if (!TryParseCoordinate(f[2], f[3], 2, "NS", out double latitude) || !TryParseCoordinate(f[4], f[5], 3, "EW", out double longitude)
            || !TryParseNumber(f[8], out double hdop) || !TryParseNumber(f[9], out double altitude))
        {
            values.RemoveRange(start, values.Count - start);
            return false;
        }

        values.Add(LineValue.FromNumber("latitude", latitude, "deg"));
        values.Add(LineValue.FromNumber("longitude", longitude, "deg"));
        values.Add(LineValue.FromNumber("altitude", altitude, "m"));
        values.Add(LineValue.FromNumber("hdop", hdop, null));
        return true;
    }

    // $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a*hh   (NMEA 2.3 adds a mode field before the checksum)
    //        1         2 3       4 5        6 7   8   9      10  11
    private static bool TryParseRmc(string[] f, List<LineValue> values)
    {
        if (f.Length < 10 || f[2] is not ("A" or "V"))
        {
            return false;
        }

        if (f[2] == "V")
        {
            // Receiver warning: no valid fix, nothing to publish.
            return true;
        }

        if (!TryParseCoordinate(f[3], f[4], 2, "NS", out double latitude) || !TryParseCoordinate(f[5], f[6], 3, "EW", out double longitude)
            || !TryParseNumber(f[7], out double knots))
        {
            return false;
        }

        values.Add(LineValue.FromNumber("latitude", latitude, "deg"));
        values.Add(LineValue.FromNumber("longitude", longitude, "deg"));
        values.Add(LineValue.FromNumber("speed", knots * MetresPerSecondPerKnot, "m/s"));
        if (f[8].Length > 0)
        {
            if (!TryParseNumber(f[8], out double course))
            {
                values.RemoveRange(values.Count - 3, 3);
                return false;
            }

            values.Add(LineValue.FromNumber("course", course, "deg"));
        }

        return true;
    }

    /// <summary>(d)ddmm.mmmm plus hemisphere (<paramref name="hemispheres"/>: positive then negative, "NS" or "EW") to signed decimal degrees.</summary>
    private static bool TryParseCoordinate(string value, string hemisphere, int degreeDigits, string hemispheres, out double degrees)
    {
        degrees = 0;
        if (value.Length < degreeDigits + 2 || hemisphere.Length != 1 || !hemispheres.Contains(hemisphere[0], StringComparison.Ordinal)
            || !int.TryParse(value.AsSpan(0, degreeDigits), NumberStyles.None, CultureInfo.InvariantCulture, out int whole)
            || !double.TryParse(value.AsSpan(degreeDigits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double minutes)
            || minutes >= 60)
        {
            return false;
        }

        degrees = whole + (minutes / 60);
        if (hemisphere[0] == hemispheres[1])
        {
            degrees = -degrees;
        }

        return true;
    }

    private static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
}
