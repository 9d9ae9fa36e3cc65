import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LoadBar } from "./LoadBar";
import { bandFor, bandMeaning, loadFigures, percentOf, thresholds } from "./load";
import { BandLimitsContext } from "./bandLimits";

const DEFAULTS = { green_below: 0.85, amber_up_to: 1, surge_limit: 1.15 };

describe("loadFigures", () => {
  it("states percent of capacity and points in words", () => {
    const f = loadFigures(59.5, 61.2, "amber");
    expect(f.percent).toBe("97%");
    expect(f.summary).toBe("Amber: 97% of capacity (59.5 of 61.2 points)");
  });

  it("caps the bar at the end of its 130% scale but not the text", () => {
    const f = loadFigures(200, 100, "surge");
    expect(f.width).toBe(100);
    expect(f.summary).toContain("200% of capacity");
  });

  it("handles a worker with no capacity", () => {
    expect(loadFigures(0, 0, "green").summary).toBe("Green: 0 points, no capacity");
    expect(loadFigures(0, 0, "green").width).toBe(0);
    expect(percentOf(null)).toBe("no capacity");
  });
});

describe("bandFor", () => {
  it.each([
    [84, 100, "green"],
    [85, 100, "amber"],
    [100, 100, "amber"],
    [101, 100, "red"],
    [115, 100, "red"],
    [116, 100, "surge"],
    [1, 0, "surge"],
    [0, 0, "green"],
  ])("%s of %s points is %s", (load, capacity, band) => {
    expect(bandFor(load, capacity, DEFAULTS)).toBe(band);
  });

  it("follows the settings in force, not fixed figures", () => {
    const strict = { green_below: 0.75, amber_up_to: 0.95, surge_limit: 1.1 };
    expect(bandFor(80, 100, strict)).toBe("amber");
    expect(bandFor(96, 100, strict)).toBe("red");
    expect(bandFor(111, 100, strict)).toBe("surge");
    expect(bandMeaning("surge", strict)).toBe("above the 110% surge limit");
    expect(thresholds(strict)).toEqual([0.75, 0.95, 1.1]);
  });
});

describe("LoadBar", () => {
  it("shows the band as a word, not only a colour, with a patterned fill", () => {
    const { container } = render(<LoadBar load={105} capacity={100} band="red" />);
    expect(screen.getByText("Red")).toBeInTheDocument();
    expect(screen.getByText("105% of capacity (105 of 100 points)")).toBeInTheDocument();
    expect(container.querySelector(".load-fill")).toHaveClass("fill-red");
    expect(container.querySelector(".load-track")).toHaveAttribute("aria-hidden", "true");
  });

  it("marks the thresholds of the settings it is given", () => {
    const { container } = render(
      <BandLimitsContext.Provider value={{ green_below: 0.65, amber_up_to: 1, surge_limit: 1.2 }}>
        <LoadBar load={50} capacity={100} band="green" />
      </BandLimitsContext.Provider>,
    );
    expect(container.querySelectorAll(".load-threshold")).toHaveLength(3);
    expect(screen.getByText("Green")).toHaveAttribute("title", "below 65% of capacity");
  });
});
