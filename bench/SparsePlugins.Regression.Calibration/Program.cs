using System.Globalization;
using System.Text;
using System.Text.Json;
using SparsePlugins.Host;
using SparsePlugins.Regression.Calibration;
using SparsePlugins.Reference.Regression;

// Calibration of the SA methods against the exact posterior (issue 15). For each data draw (DataSeed) of each Section
// 6.1 setting it writes the training data with the problem plugin's `generate`, runs the SA methods with the shipped
// recipes (`Method` + the problem's section-6.1 recipe, run seed 1), computes the exact posterior of the same model
// with a point-mass spike (collapsed Gibbs, Reference/SparsePlugins.Reference.Regression; the method's slab
// variance and Beta prior, the true noise variance) and reports the largest absolute difference of inclusion
// probabilities over the p coefficients, and whether each 95% interval of b1 and b2 covers the truth; and the same
// difference against the exact posterior of the model with the method's own Laplace spike (LaplaceSpikeGibbs, half
// the sweeps: each costs O(p^3)).
//
// Usage: SparsePlugins.Regression.Calibration [--draws N=10] [--first-draw D=1] [--tests test1,test2,test2-weak]
//          [--methods SGLD-SA,PSGLD-SA] [--sweeps 4000] [--out DIR=calibration] [--set Key=Value]...
//   --set adds a run override to every SA run (e.g. --set Sampler:Options:Alpha=0.999), to calibrate a variant.
// Writes DIR/calibration.md (the tables) and, per draw, the runs and the host's log under DIR/<test>/draw-<D>/.
var options = CalibrationOptions.Parse(args);
var report = new StringBuilder();
report.AppendLine($"Command: SparsePlugins.Regression.Calibration {string.Join(' ', args)}").AppendLine();
foreach (var test in CalibrationTest.All.Where(t => options.Tests.Contains(t.Name)))
{
    var draws = new List<DrawResult>();
    for (int draw = options.FirstDraw; draw < options.FirstDraw + options.Draws; draw++)
    {
        var result = DrawRunner.Run(test, draw, options);
        draws.Add(result);
        Console.WriteLine(CalibrationTable.Row(result, options.Methods));
    }
    report.Append(CalibrationTable.Markdown(test, draws, options.Methods)).AppendLine();
}
Directory.CreateDirectory(options.Output);
File.WriteAllText(Path.Combine(options.Output, "calibration.md"), report.ToString());
Console.WriteLine(report);
return 0;
