#pragma once

#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

//! An event with its ticket counts. The price is in cents (see Money).
struct Event
{
    QString id;
    QString title;
    QString description;
    QDateTime date;
    QString venue;
    int totalTickets = 0;
    int remainingTickets = 0;
    qint64 priceCents = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    QJsonObject toJson() const;
    static Result<Event> fromJson(const QJsonObject &json);
};

//! One page of the events listing with its pagination metadata.
struct EventPage
{
    QList<Event> events;
    qint64 total = 0;
    int page = 1;
    int limit = 10;

    int totalPages() const;
    QJsonObject toJson() const;
    static Result<EventPage> fromJson(const QJsonObject &json);
};
