using Harness.Reports;
using Harness.Reports.Charts;
using Harness.Reports.Writers;
using Microsoft.Playwright;

namespace Harness.Tests.Reports;

/// <summary>
/// report.html opened in a real browser: Debian's chromium, driven by Playwright (whose own
/// browser download is not used). The page must load with no console errors and every chart must
/// have its marks on screen; a screenshot is kept in results/.test-output for a reader to look at.
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    /// <summary>Where Debian's chromium package puts the browser; ./run.sh test installs it.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private readonly string folder = TestAssets.NewScratchDirectory("report-html");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Should_Load_Without_Console_Errors_And_Show_Every_Chart_With_Its_Marks()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: this test opens report.html in Debian's chromium. Run ./run.sh test (it installs it) or, as root, apt-get install -y chromium");
        var report = RunReport.From(RunResultsFixture.RunWithChartData());
        new HtmlReportWriter().Write(report, new ReportDestination(ExpectedText.PlainConsole().Console, folder));

        using var playwright = await Playwright.CreateAsync();
        // No sandbox: CI containers run as root, where chromium refuses to start sandboxed.
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(Path.Combine(folder, HtmlReportWriter.File)).AbsoluteUri);

        var charts = await page.EvaluateAsync<ChartOnScreen[]>("""
            () => [...document.querySelectorAll('figure.chart')].map(f => {
              const svg = f.querySelector('svg');
              const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
              return { id: f.id, marks: svg ? svg.querySelectorAll('path, polyline, line, circle, rect').length : 0, width: box.width, height: box.height };
            })
            """);
        var screenshot = Path.Combine(TestAssets.RepositoryRoot, "results", ".test-output", "report-html.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });

        Assert.Empty(errors);
        Assert.Equal(ReportCharts.Of(report).Select(c => "chart-" + c.Name), charts.Select(c => c.Id));
        Assert.Contains(charts, c => c.Id == "chart-break-even-cls");
        Assert.All(charts, c =>
        {
            Assert.True(c.Marks > 10, $"{c.Id} has {c.Marks} marks");
            Assert.True(c.Width > 300 && c.Height > 150, $"{c.Id} is drawn {c.Width}×{c.Height} px");
        });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot shows the page");
    }

    // Playwright fills the properties of a type it makes itself: a class, not a positional record.
    private sealed class ChartOnScreen
    {
        public string Id { get; set; } = string.Empty;

        public int Marks { get; set; }

        public double Width { get; set; }

        public double Height { get; set; }
    }
}
