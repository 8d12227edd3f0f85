package dev.slipway.core.gc;

import dev.slipway.core.release.HistoryLimit;
import dev.slipway.core.release.Release;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an environment's history no longer keeps: the releases beyond its limit, and the images
 * that only they recorded. An image a kept release also recorded is not a leftover: rolling back
 * to that release needs it.
 *
 * @param beyond the releases the limit does not keep, oldest first
 * @param images each leftover image reference, with the service that ran it
 * @param needed every image reference a kept release recorded: what must stay in the engine
 */
public record Leftovers(List<Release> beyond, Map<String, String> images, Set<String> needed) {

  public Leftovers {
    beyond = List.copyOf(beyond);
    images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    needed = Collections.unmodifiableSet(new LinkedHashSet<>(needed));
  }

  /** @param all the environment's readable releases, oldest first */
  public static Leftovers of(List<Release> all, Optional<Release> current, HistoryLimit limit) {
    Set<Integer> kept = limit.kept(all, current);
    Set<String> needed = new LinkedHashSet<>();
    all.stream().filter(release -> kept.contains(release.number())).forEach(release -> needed.addAll(release.images().values()));
    Map<String, String> images = new LinkedHashMap<>();
    for (Release release : limit.beyond(all, current)) {
      release.images().forEach((service, image) -> {
        if (!needed.contains(image)) {
          images.put(image, service);
        }
      });
    }
    return new Leftovers(limit.beyond(all, current), images, needed);
  }
}
