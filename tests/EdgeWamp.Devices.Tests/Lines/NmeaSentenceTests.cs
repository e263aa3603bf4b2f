using EdgeWamp.Devices.Lines;

namespace EdgeWamp.Devices.Tests.Lines;

public sealed class NmeaSentenceTests
{
    // Reference sentences with valid checksums: the GGA and RMC examples of the gpsinformation.org NMEA pages, and
    // a GGA fix west of Greenwich.
    private const string Gga = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
    private const string Rmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A";
    private const string GgaWest = "$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76";

    [Theory]
    [InlineData(Gga, true)]
    [InlineData(Rmc, true)]
    [InlineData(GgaWest, true)]
    [InlineData("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*46", false)]   // checksum off by one
    [InlineData("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.5,M,46.9,M,,*47", false)]   // a digit changed
    [InlineData("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,", false)]      // no checksum
    [InlineData("GPGGA,123519*47", false)]
    public void HasValidChecksum_ChecksTheXorOfTheSentence(string line, bool valid) =>
        Assert.Equal(valid, NmeaSentence.HasValidChecksum(line));

    [Fact]
    public void TryParse_Gga_GivesPositionAltitudeAndSatellitesInSiUnits()
    {
        var values = new List<LineValue>();
        Assert.True(NmeaSentence.TryParse(Gga, values));
        var byKey = values.ToDictionary(v => v.Key);
        Assert.Equal(48 + (7.038 / 60), byKey["latitude"].Number, 9);
        Assert.Equal(11 + (31.000 / 60), byKey["longitude"].Number, 9);
        Assert.Equal("deg", byKey["latitude"].Unit);
        Assert.Equal(545.4, byKey["altitude"].Number);
        Assert.Equal("m", byKey["altitude"].Unit);
        Assert.Equal(8, byKey["satellites"].Number);
        Assert.Equal(1, byKey["fix"].Number);
        Assert.Equal(0.9, byKey["hdop"].Number);
    }

    [Fact]
    public void TryParse_GgaWest_GivesANegativeLongitude()
    {
        var values = new List<LineValue>();
        Assert.True(NmeaSentence.TryParse(GgaWest, values));
        Assert.Equal(-(6 + (30.3372 / 60)), values.Single(v => v.Key == "longitude").Number, 9);
        Assert.Equal(53 + (21.6802 / 60), values.Single(v => v.Key == "latitude").Number, 9);
    }

    [Fact]
    public void TryParse_Rmc_ConvertsKnotsToMetresPerSecond()
    {
        var values = new List<LineValue>();
        Assert.True(NmeaSentence.TryParse(Rmc, values));
        var byKey = values.ToDictionary(v => v.Key);
        Assert.Equal(22.4 * 1852 / 3600, byKey["speed"].Number, 9);
        Assert.Equal("m/s", byKey["speed"].Unit);
        Assert.Equal(84.4, byKey["course"].Number);
        Assert.Equal(48 + (7.038 / 60), byKey["latitude"].Number, 9);
    }

    [Fact]
    public void TryParse_RmcWithoutAFix_GivesNothing()
    {
        // Status V (receiver warning); checksum computed for this sentence.
        string line = WithChecksum("GPRMC,123519,V,,,,,,,230394,,");
        var values = new List<LineValue>();
        Assert.True(NmeaSentence.TryParse(line, values));
        Assert.Empty(values);
    }

    [Fact]
    public void TryParse_GgaWithoutAFix_GivesOnlyFixAndSatellites()
    {
        string line = WithChecksum("GPGGA,123519,,,,,0,00,,,M,,M,,");
        var values = new List<LineValue>();
        Assert.True(NmeaSentence.TryParse(line, values));
        Assert.Equal(["fix", "satellites"], values.Select(v => v.Key));
    }

    [Theory]
    [InlineData("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00")]  // another sentence type
    [InlineData("GPGGA,123519,4807.038,X,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")]     // bad hemisphere
    [InlineData("GPGGA,123519,4875.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")]     // 75 minutes
    [InlineData("GPRMC,123519,A,4807.038,N,01131.000,E,fast,084.4,230394,003.1,W")]  // speed not a number
    public void TryParse_OtherOrMalformedSentences_AreRefused(string body)
    {
        var values = new List<LineValue>();
        Assert.False(NmeaSentence.TryParse(WithChecksum(body), values));
        Assert.Empty(values);
    }

    private static string WithChecksum(string body)
    {
        int checksum = 0;
        foreach (char c in body)
        {
            checksum ^= c;
        }

        return $"${body}*{checksum:X2}";
    }
}
